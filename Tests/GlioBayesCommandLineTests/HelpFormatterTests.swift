import Testing
@testable import GlioBayesCommandLine

@Suite struct HelpFormatterTests {
    @Test func topLevelHelpListsCommandsAndEveryExitCode() {
        for spelling in [["--help"], ["-h"], ["help"]] {
            let result = runTool(spelling)
            #expect(result.code == 0)
            #expect(result.stderr.isEmpty)
            #expect(result.stdout.contains("  simulate "))
            #expect(result.stdout.contains("Pretend to run the forward model."))
            #expect(result.stdout.contains("  anatomy "))
            for code in ExitCode.allCases {
                #expect(result.stdout.contains("  \(code.rawValue)   \(code.meaning)"))
            }
        }
    }

    @Test func noArgumentsPrintsHelpToStderrAndFailsAsUsage() {
        let result = runTool([])
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("COMMANDS:"))
        #expect(result.stderr.hasSuffix("gliobayes: error: no command given; run 'gliobayes --help' for the list of commands\n"))
    }

    @Test func commandHelpShowsUsageOptionsAndDefaults() {
        for arguments in [["simulate", "--help"], ["simulate", "-h"], ["help", "simulate"],
                          ["simulate", "--sede", "--help"]] {
            let result = runTool(arguments)
            #expect(result.code == 0, "\(arguments)")
            #expect(result.stdout.hasPrefix("gliobayes simulate — Pretend to run the forward model.\n"))
            #expect(result.stdout.contains("gliobayes simulate [options] <anatomy> [<extra>...]"))
            #expect(result.stdout.contains("--seed <n>"))
            #expect(result.stdout.contains("Random seed. (default: 1)"))
            #expect(result.stdout.contains("-s, --scan <file>"))
            #expect(result.stdout.contains("A scan. (repeatable)"))
            #expect(result.stdout.contains("-h, --help"))
        }
    }

    @Test func helpAfterDoubleDashIsAnArgument() {
        let result = runTool(["simulate", "--", "--help"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("anatomy=--help\n"))
    }

    @Test func helpForUnknownCommandSuggests() {
        let result = runTool(["help", "simulat"])
        #expect(result.code == 2)
        #expect(result.stderr == "gliobayes: error: simulat: unknown command; did you mean 'simulate'?\n")
    }

    @Test func everyRegisteredCommandHasHelp() {
        for command in CommandRegistry.all {
            let result = runTool([command.name, "--help"], commands: CommandRegistry.all)
            #expect(result.code == 0)
            #expect(result.stdout.hasPrefix("gliobayes \(command.name) — \(command.summary)"))
            #expect(!command.summary.isEmpty)
        }
    }

    @Test func longHelpTextIsWrapped() {
        let words = Array(repeating: "word", count: 60).joined(separator: " ")
        let table = HelpFormatter.table([("--x", words)])
        for line in table.split(separator: "\n") { #expect(line.count <= HelpFormatter.width) }
        #expect(table.split(separator: "\n").count > 1)
    }
}
