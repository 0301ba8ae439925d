/// A mistake in how `gliobayes` was called. Always exits with ``ExitCode/usage`` (2).
///
/// The description starts with the offending flag or argument, so the printed line reads
/// `gliobayes: error: --sede: unknown option for 'gliobayes simulate'; did you mean '--seed'?`.
public enum UsageError: ExitCodeProviding, CustomStringConvertible, Sendable, Equatable {
    /// No command was given.
    case missingCommand
    /// The command name is not known; `suggestion` is the nearest known command.
    case unknownCommand(String, suggestion: String?)
    /// The option is not known to `command`; `suggestion` is the nearest known option (with dashes).
    case unknownOption(String, command: String, suggestion: String?)
    /// An option that takes a value came last or was followed by another option.
    case missingValue(option: String, valueName: String)
    /// A boolean flag was given a value (`--json=yes`).
    case unexpectedValue(option: String, value: String)
    /// A non-repeatable option was given more than once.
    case repeatedOption(String)
    /// A required option was not given.
    case missingOption(String, command: String)
    /// A required positional argument is missing.
    case missingArgument(String, command: String)
    /// More positional arguments than the command takes.
    case unexpectedArgument(String, command: String)
    /// A value could not be parsed or is out of range; `expected` says what would be accepted.
    case invalidValue(option: String, value: String, expected: String)
    /// Anything else about the call, with its subject (a flag or argument).
    case invalid(String, String)

    public var exitCode: ExitCode { .usage }

    public var description: String {
        switch self {
        case .missingCommand:
            return "no command given; run 'gliobayes --help' for the list of commands"
        case let .unknownCommand(name, suggestion):
            return "\(name): unknown command" + Self.hint(suggestion, fallback: "run 'gliobayes --help' for the list")
        case let .unknownOption(option, command, suggestion):
            return "\(option): unknown option for '\(command)'"
                + Self.hint(suggestion, fallback: "run '\(command) --help' for its options")
        case let .missingValue(option, valueName):
            return "\(option): missing value <\(valueName)> (write '\(option)=<\(valueName)>' if the value starts with '--')"
        case let .unexpectedValue(option, value):
            return "\(option): is a flag and takes no value (got '\(value)')"
        case let .repeatedOption(option):
            return "\(option): given more than once"
        case let .missingOption(option, command):
            return "\(option): required by '\(command)' but not given"
        case let .missingArgument(name, command):
            return "<\(name)>: missing argument; usage: see '\(command) --help'"
        case let .unexpectedArgument(argument, command):
            return "\(argument): unexpected argument for '\(command)'"
        case let .invalidValue(option, value, expected):
            return "\(option): invalid value '\(value)'; expected \(expected)"
        case let .invalid(subject, problem):
            return "\(subject): \(problem)"
        }
    }

    private static func hint(_ suggestion: String?, fallback: String) -> String {
        if let suggestion { return "; did you mean '\(suggestion)'?" }
        return "; \(fallback)"
    }
}
