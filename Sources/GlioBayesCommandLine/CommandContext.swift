import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a command may touch of the outside world, injected so commands run in-process in tests.
///
/// Conventions: data (results, tables, JSON) go to ``standardOutput``; progress, warnings and
/// errors go to ``standardError``. With `--json` a command writes exactly one JSON document to
/// stdout (see ``writeJSON(_:)``) and nothing else there.
public struct CommandContext: Sendable {
    public var standardOutput: TextOutput
    public var standardError: TextOutput
    /// Environment variables (`GLIOBAYES_ANATOMY`, …).
    public var environment: [String: String]
    /// Whether stderr is a terminal: decides whether ``Progress`` draws a bar.
    public var isStandardErrorTerminal: Bool
    /// Relative paths given by the user are resolved against this folder.
    public var currentDirectory: URL
    /// The running executable, when known (locates the built-in anatomy next to a clone).
    public var executableURL: URL?
    /// Monotonic seconds, for progress timing (injected so tests are deterministic).
    public var clock: @Sendable () -> Double

    public init(
        standardOutput: TextOutput, standardError: TextOutput, environment: [String: String] = [:],
        isStandardErrorTerminal: Bool = false,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        executableURL: URL? = nil,
        clock: @escaping @Sendable () -> Double = CommandContext.monotonicSeconds
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.environment = environment
        self.isStandardErrorTerminal = isStandardErrorTerminal
        self.currentDirectory = currentDirectory
        self.executableURL = executableURL
        self.clock = clock
    }

    /// The real process: fd 1 and 2, the real environment, `isatty(2)`, `/proc/self/exe`.
    public static func process() -> CommandContext {
        CommandContext(
            standardOutput: .standardOutput, standardError: .standardError,
            environment: ProcessInfo.processInfo.environment,
            isStandardErrorTerminal: isatty(2) == 1,
            executableURL: currentExecutableURL())
    }

    /// A context whose stdout and stderr go to the two captures, for tests.
    public static func capturing(
        standardOutput: OutputCapture, standardError: OutputCapture, environment: [String: String] = [:],
        isStandardErrorTerminal: Bool = false
    ) -> CommandContext {
        CommandContext(
            standardOutput: .capturing(into: standardOutput), standardError: .capturing(into: standardError),
            environment: environment, isStandardErrorTerminal: isStandardErrorTerminal)
    }

    /// Writes a line of data to stdout.
    public func output(_ line: String) { standardOutput.writeLine(line) }

    /// Writes a line of information to stderr (`gliobayes: <message>`).
    public func note(_ message: String) { standardError.writeLine("gliobayes: \(message)") }

    /// Writes a warning to stderr (`gliobayes: warning: <message>`).
    public func warning(_ message: String) { standardError.writeLine("gliobayes: warning: \(message)") }

    /// A progress reporter on stderr: a bar on a terminal, sparse lines otherwise.
    public func progress(_ label: String, total: Int) -> Progress {
        Progress(label: label, total: total, output: standardError,
                 isTerminal: isStandardErrorTerminal, clock: clock)
    }

    /// Resolves a user-given path against ``currentDirectory`` (`~` is expanded).
    public func resolve(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return currentDirectory.appendingPathComponent(expanded).standardizedFileURL
    }

    /// Seconds since an arbitrary fixed point, never going backwards.
    public static let monotonicSeconds: @Sendable () -> Double = {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The path of the running executable with symlinks resolved (Linux: `/proc/self/exe`).
    static func currentExecutableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
