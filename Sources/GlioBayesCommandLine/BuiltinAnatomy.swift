import Foundation

/// The built-in anatomy: the MNI ICBM152 2009a (symmetric) grey- and white-matter probability maps,
/// 1 mm, 197×233×189, uint8, as shipped in the `nilearn` wheel. The header has no scaling
/// (`scl_slope` NaN), so the stored values are 0–255: probability = value / 255. Used when a user gives no anatomy (`simulate --anatomy builtin`).
///
/// The files live in the repository at ``relativePath`` with their copyright notice and provenance
/// (`scripts/anatomy/fetch-mni-anatomy.sh` regenerates them). They are found at run time, in order:
/// 1. `$GLIOBAYES_ANATOMY` (a folder holding the two files), when set;
/// 2. walking up from the executable's folder (`<clone>/.build/<triple>/release/gliobayes` → `<clone>`)
///    to a folder containing ``relativePath``;
/// 3. the source tree this module was compiled from (a clone that was moved after building is
///    covered by 2; an installed binary whose clone still exists by 3).
///
/// Reading them is `Imaging`'s job; this type only says where they are.
public struct BuiltinAnatomy: Sendable, Equatable {
    /// Environment variable that overrides the location.
    public static let environmentVariable = "GLIOBAYES_ANATOMY"
    /// Location inside a clone.
    public static let relativePath = "Resources/anatomy/mni152-2009a"
    public static let greyMatterFileName = "mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz"
    public static let whiteMatterFileName = "mni_icbm152_wm_tal_nlin_sym_09a_converted.nii.gz"
    /// Shape of both maps (voxels) and their spacing (mm), as documented in PROVENANCE.md.
    public static let shape = [197, 233, 189]
    public static let spacingMillimeters = 1.0

    /// The folder holding the maps.
    public let directory: URL

    public var greyMatterURL: URL { directory.appendingPathComponent(Self.greyMatterFileName) }
    public var whiteMatterURL: URL { directory.appendingPathComponent(Self.whiteMatterFileName) }
    /// The ICBM copyright notice that must travel with the files.
    public var noticeURL: URL { directory.appendingPathComponent("COPYING") }

    public init(directory: URL) { self.directory = directory }

    /// Where the built-in anatomy was looked for and not found (exit code ``ExitCode/inputFile``).
    public struct NotFound: ExitCodeProviding, CustomStringConvertible, Sendable, Equatable {
        /// The folders tried, in order.
        public var searched: [String]
        /// Set when `$GLIOBAYES_ANATOMY` names a folder that lacks a file.
        public var missingFile: String?
        public var exitCode: ExitCode { .inputFile }

        public var description: String {
            if let missingFile {
                return "\(missingFile): built-in anatomy file not found (\(BuiltinAnatomy.environmentVariable) is set to \(searched.first ?? "?"))"
            }
            return "built-in anatomy: not found in \(searched.joined(separator: ", ")); "
                + "run gliobayes from a clone of the repository or set \(BuiltinAnatomy.environmentVariable) "
                + "to the folder holding \(BuiltinAnatomy.greyMatterFileName) and \(BuiltinAnatomy.whiteMatterFileName)"
        }
    }

    /// Finds the built-in anatomy for the running process described by `context`.
    public static func locate(context: CommandContext) throws(NotFound) -> BuiltinAnatomy {
        try locate(environment: context.environment, executableURL: context.executableURL)
    }

    /// Finds the built-in anatomy; see the type's documentation for the search order.
    public static func locate(
        environment: [String: String], executableURL: URL?, sourceRoot: URL? = defaultSourceRoot
    ) throws(NotFound) -> BuiltinAnatomy {
        let fileManager = FileManager.default
        if let override = environment[environmentVariable], !override.isEmpty {
            let anatomy = BuiltinAnatomy(directory: URL(fileURLWithPath: override).standardizedFileURL)
            for url in [anatomy.greyMatterURL, anatomy.whiteMatterURL] where !fileManager.fileExists(atPath: url.path) {
                throw NotFound(searched: [anatomy.directory.path], missingFile: url.path)
            }
            return anatomy
        }
        var searched: [String] = []
        var roots: [URL] = []
        if let executableURL {
            var folder = executableURL.resolvingSymlinksInPath().deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                roots.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        if let sourceRoot { roots.append(sourceRoot) }
        for root in roots {
            let anatomy = BuiltinAnatomy(directory: root.appendingPathComponent(relativePath))
            if fileManager.fileExists(atPath: anatomy.greyMatterURL.path),
               fileManager.fileExists(atPath: anatomy.whiteMatterURL.path) {
                return anatomy
            }
        }
        if let executableURL { searched.append("the folders above \(executableURL.deletingLastPathComponent().path)") }
        if let sourceRoot { searched.append(sourceRoot.appendingPathComponent(relativePath).path) }
        throw NotFound(searched: searched, missingFile: nil)
    }

    /// The repository this module was compiled from (`<root>/Sources/GlioBayesCommandLine/…`).
    public static let defaultSourceRoot: URL? = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
