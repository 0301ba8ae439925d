import Foundation
@testable import GlioBayesCommandLine

/// A command shaped like the real `simulate`, used to exercise the parser in-process.
struct FakeSimulateCommand: Command {
    let name = "simulate"
    let summary = "Pretend to run the forward model."
    let options: [OptionSpec] = [
        .value("seed", valueName: "n", help: "Random seed.", default: "1"),
        .value("days", valueName: "list", help: "Scan days."),
        .value("seed-mm", valueName: "x,y,z", help: "Seed position in mm."),
        .value("scan", short: "s", valueName: "file", help: "A scan.", repeatable: true),
        .value("output", short: "o", valueName: "folder", help: "Output folder."),
        .flag("verbose", short: "v", help: "Say more."),
        .json,
    ]
    let positionals = [PositionalSpec("anatomy", help: "Anatomy folder."),
                       PositionalSpec("extra", arity: .zeroOrMore, help: "Extra files.")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let seed = try arguments.int("seed") ?? 0
        context.output("seed=\(seed)")
        if let days = try arguments.intList("days") { context.output("days=\(days)") }
        if let x0 = try arguments.triple("seed-mm") { context.output("x0=\(x0.x),\(x0.y),\(x0.z)") }
        context.output("scans=\(arguments.strings("scan"))")
        context.output("anatomy=\(arguments.positional("anatomy") ?? "-")")
        context.output("extra=\(arguments.positionalList("extra"))")
        context.output("verbose=\(arguments.flag("verbose"))")
        return .success
    }
}

/// A command that fails in the ways deeper modules do.
struct FailingCommand: Command {
    struct DeepError: Error, CustomStringConvertible {
        var description: String { "matrix is not positive definite\n(leading minor 3)" }
    }

    let name = "fail"
    let summary = "Fail on purpose."
    let options: [OptionSpec] = [.value("kind", help: "How to fail.", default: "input")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        switch arguments.string("kind") {
        case "input": throw CommandFailure.inputFile("scan.nii.gz", "wrong magic 'abc'")
        case "deep": throw DeepError()
        case "converge": return .notConverged
        default: throw UsageError.invalid("--kind", "no such failure")
        }
    }
}

/// Runs the tool in-process with the test commands; returns (exit code, stdout, stderr).
func runTool(
    _ arguments: [String], environment: [String: String] = [:],
    commands: [any Command] = [FakeSimulateCommand(), FailingCommand()] + CommandRegistry.all.filter { $0.name != "simulate" }
) -> (code: Int32, stdout: String, stderr: String) {
    let out = OutputCapture(), err = OutputCapture()
    let context = CommandContext.capturing(standardOutput: out, standardError: err, environment: environment)
    let code = GlioBayesCommandLine.run(arguments, context: context, commands: commands)
    return (code, out.text, err.text)
}
