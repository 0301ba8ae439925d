import Foundation

/// Locates `../shared/data` (the project's real data, never copied into the repository).
///
/// Tests that need it check ``isAvailable`` and skip with a clear message on a fresh clone without
/// `../shared`; `.ci/run` checks that it is present, so in CI they always run.
public enum SharedData {
    /// The repository root, found from this source file's location (`Sources/_TestSupport/…`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` next to the repository, or `$GLIOBAYES_SHARED_DATA` when set.
    public static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["GLIOBAYES_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// Whether the shared data folder exists.
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.path)
    }

    /// The message tests print when they skip.
    public static let skipMessage = "skipped: ../shared/data not found (set GLIOBAYES_SHARED_DATA or clone beside shared/)"

    /// A file inside the shared data folder, e.g. `file("lipkova-case/WM.nii.gz")`.
    public static func file(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// A fresh temporary directory for a test (removed by the OS eventually; tests may remove it).
    public static func temporaryDirectory(_ label: String = "gliobayes-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
