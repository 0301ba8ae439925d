/// A `gliobayes` subcommand.
///
/// Adding a command is one file with a type conforming to this protocol, plus one line in
/// ``CommandRegistry/all``. The parser handles `--help`/`-h`, option and argument checking and
/// nearest-name suggestions; `run` sees only well-formed input.
///
/// ```swift
/// struct EchoCommand: Command {
///     let name = "echo"
///     let summary = "Print the arguments."
///     let options: [OptionSpec] = [.json, .value("times", valueName: "n", help: "Repeat.", default: "1")]
///     let positionals = [PositionalSpec("word", arity: .zeroOrMore, help: "Words to print.")]
///     func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
///         let times = try arguments.int("times") ?? 1
///         for _ in 0..<times { context.output(arguments.positionalList("word").joined(separator: " ")) }
///         return .success
///     }
/// }
/// ```
public protocol Command: Sendable {
    /// The subcommand name, lowercase (`inspect`).
    var name: String { get }
    /// One line for the top-level command list.
    var summary: String { get }
    /// Optional paragraphs shown in the command's help after the usage line (examples, output format).
    var discussion: String { get }
    /// The options, in the order help lists them. `--help`/`-h` is added by the parser.
    var options: [OptionSpec] { get }
    /// The positional arguments, in order.
    var positionals: [PositionalSpec] { get }
    /// Runs the command. Throw ``UsageError`` for bad values found late, ``CommandFailure`` (or any
    /// ``ExitCodeProviding`` error) for runtime problems; anything else exits with ``ExitCode/failure``.
    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode
}

extension Command {
    public var discussion: String { "" }
    public var options: [OptionSpec] { [] }
    public var positionals: [PositionalSpec] { [] }
}
