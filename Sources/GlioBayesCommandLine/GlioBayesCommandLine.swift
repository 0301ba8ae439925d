/// Entry point of the `gliobayes` command-line tool.
///
/// `run` never traps on user input: every thrown error becomes one line on stderr,
/// `gliobayes: error: <description>` (newlines in descriptions are folded), and an ``ExitCode``.
public enum GlioBayesCommandLine {
    /// Runs the tool on the real process (stdout, stderr, environment) and returns the exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        let context = CommandContext.process()
        let status = run(arguments, context: context)
        // Data that never reached stdout (a full disk, a closed descriptor) is a failed output, not success.
        if let failure = TextOutput.standardOutputFailure, status == ExitCode.success.rawValue || status == ExitCode.notConverged.rawValue {
            context.standardError.writeLine("gliobayes: error: standard output: \(failure)")
            return ExitCode.outputFile.rawValue
        }
        return status
    }

    /// Runs the tool with `arguments` (without the program name) in `context` and returns the exit
    /// status. `commands` defaults to ``CommandRegistry/all``; tests may pass their own.
    public static func run(
        _ arguments: [String], context: CommandContext, commands: [any Command] = CommandRegistry.all
    ) -> Int32 {
        checkUniqueNames(commands)
        do {
            return try dispatch(arguments, context: context, commands: commands).rawValue
        } catch {
            report(error, to: context)
            return exitCode(for: error).rawValue
        }
    }

    /// The exit code an error maps to: its own for ``ExitCodeProviding``, ``ExitCode/failure`` otherwise.
    public static func exitCode(for error: any Error) -> ExitCode {
        (error as? any ExitCodeProviding)?.exitCode ?? .failure
    }

    /// The one line printed for an error (without the trailing newline).
    public static func errorLine(for error: any Error) -> String {
        let description = String(describing: error)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharactersInSpace() }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        return "gliobayes: error: " + (description.isEmpty ? "unknown error" : description)
    }

    static func report(_ error: any Error, to context: CommandContext) {
        context.standardError.writeLine(errorLine(for: error))
    }

    static func dispatch(_ arguments: [String], context: CommandContext, commands: [any Command]) throws -> ExitCode {
        guard let first = arguments.first else {
            context.standardError.write(HelpFormatter.topLevel(commands: commands))
            throw UsageError.missingCommand
        }
        switch first {
        case "--help", "-h":
            context.standardOutput.write(HelpFormatter.topLevel(commands: commands))
            return .success
        case "--version":
            if arguments.count > 1 { throw UsageError.unexpectedArgument(arguments[1], command: "gliobayes --version") }
            context.standardOutput.writeLine("gliobayes \(GlioBayesVersion.string)")
            return .success
        case "help":
            guard arguments.count > 1, arguments[1] != "help" else {
                context.standardOutput.write(HelpFormatter.topLevel(commands: commands))
                return .success
            }
            if arguments.count > 2 { throw UsageError.unexpectedArgument(arguments[2], command: "gliobayes help") }
            let command = try find(arguments[1], in: commands)
            context.standardOutput.write(HelpFormatter.command(command, path: "gliobayes \(command.name)"))
            return .success
        default:
            break
        }
        if ArgumentParser.isOptionLike(first) {
            let spelled = String(first.prefix { $0 != "=" })
            let known = ["help", "version"]
            let name = String(spelled.drop { $0 == "-" })
            let suggestion = EditDistance.nearest(to: name, among: known).map { "--\($0)" }
            throw UsageError.unknownOption(spelled, command: "gliobayes", suggestion: suggestion)
        }
        let command = try find(first, in: commands)
        let path = "gliobayes \(command.name)"
        switch try ArgumentParser.parse(Array(arguments.dropFirst()), for: command, commandPath: path) {
        case .help:
            context.standardOutput.write(HelpFormatter.command(command, path: path))
            return .success
        case let .arguments(parsed):
            return try command.run(parsed, context: context)
        }
    }

    static func find(_ name: String, in commands: [any Command]) throws(UsageError) -> any Command {
        if let command = commands.first(where: { $0.name == name }) { return command }
        let names = commands.map(\.name) + ["help"]
        throw .unknownCommand(name, suggestion: EditDistance.nearest(to: name, among: names))
    }

    static func checkUniqueNames(_ commands: [any Command]) {
        var seen = Set<String>(["help"])
        for command in commands {
            precondition(seen.insert(command.name).inserted, "command '\(command.name)' registered twice (or named 'help')")
        }
    }
}

extension Substring {
    func trimmingCharactersInSpace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
