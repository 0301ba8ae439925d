/// An error that knows which exit code it maps to.
///
/// Errors thrown by commands are printed by the entry point as one line,
/// `gliobayes: error: <description>`, and the process exits with ``exitCode``. Errors from deeper
/// modules can conform retroactively in the command file that uses them, e.g.
/// `extension NIfTIError: ExitCodeProviding { public var exitCode: ExitCode { .inputFile } }`;
/// errors that do not conform exit with ``ExitCode/failure``.
public protocol ExitCodeProviding: Error {
    /// The exit status the process ends with when this error reaches the top.
    var exitCode: ExitCode { get }
}

/// A runtime error raised by a command: a subject (a file path, an option, a parameter name), a
/// problem, and the exit code to end with.
///
/// Its description is `<subject>: <message>`, so the printed line reads
/// `gliobayes: error: scans/t1.nii.gz: wrong magic 'xyz'`.
public struct CommandFailure: ExitCodeProviding, CustomStringConvertible, Sendable, Equatable {
    /// What the problem is about (a file path, a flag, a parameter), or nil.
    public var subject: String?
    /// The problem, one sentence without a trailing period.
    public var message: String
    public var exitCode: ExitCode

    public init(_ subject: String?, _ message: String, exitCode: ExitCode = .failure) {
        self.subject = subject
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String {
        guard let subject, !subject.isEmpty else { return message }
        return "\(subject): \(message)"
    }

    /// A problem with an input file: exit code ``ExitCode/inputFile``.
    ///
    /// When `underlying`'s description already starts with the path, it is not repeated.
    public static func inputFile(_ path: String, _ underlying: any Error) -> CommandFailure {
        inputFile(path, String(describing: underlying))
    }

    /// A problem with an input file: exit code ``ExitCode/inputFile``.
    public static func inputFile(_ path: String, _ message: String) -> CommandFailure {
        if message.hasPrefix(path) {
            return CommandFailure(nil, message, exitCode: .inputFile)
        }
        return CommandFailure(path, message, exitCode: .inputFile)
    }

    /// A problem writing an output: exit code ``ExitCode/outputFile``.
    public static func outputFile(_ path: String, _ message: String) -> CommandFailure {
        CommandFailure(path, message, exitCode: .outputFile)
    }
}
