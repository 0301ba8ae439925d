import Testing
@testable import GlioBayesCommandLine

@Suite struct ArgumentParserTests {
    @Test func parsesValuesFlagsRepeatsAndPositionals() {
        let result = runTool(["simulate", "--seed", "7", "--days=300,360", "-s", "a.nii", "--scan", "b.nii",
                              "-v", "brain", "x", "y"])
        #expect(result.code == 0)
        #expect(result.stdout == """
        seed=7
        days=[300, 360]
        scans=["a.nii", "b.nii"]
        anatomy=brain
        extra=["x", "y"]
        verbose=true

        """)
        #expect(result.stderr.isEmpty)
    }

    @Test func defaultsApplyWhenOptionsAreAbsent() {
        let result = runTool(["simulate", "brain"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("seed=1\n"))
        #expect(result.stdout.contains("scans=[]\n"))
        #expect(result.stdout.contains("verbose=false\n"))
    }

    @Test func unknownOptionSuggestsNearest() {
        let result = runTool(["simulate", "--sede", "3", "brain"])
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "gliobayes: error: --sede: unknown option for 'gliobayes simulate'; did you mean '--seed'?\n")
    }

    @Test func unknownOptionWithoutNearNameSaysWhereHelpIs() {
        let result = runTool(["simulate", "--frobnicate", "brain"])
        #expect(result.code == 2)
        #expect(result.stderr == "gliobayes: error: --frobnicate: unknown option for 'gliobayes simulate'; run 'gliobayes simulate --help' for its options\n")
    }

    @Test func prefixAndSingleDashSpellingsAreSuggested() {
        #expect(runTool(["simulate", "--out", "x", "brain"]).stderr.contains("did you mean '--output'?"))
        #expect(runTool(["simulate", "-seed", "3", "brain"]).stderr.contains("-seed: unknown option for 'gliobayes simulate'; did you mean '--seed'?"))
        #expect(runTool(["simulate", "--seed-m=1,2,3", "brain"]).stderr.contains("did you mean '--seed-mm'?"))
    }

    @Test func missingValueAtEndOrBeforeAnotherOption() {
        let atEnd = runTool(["simulate", "brain", "--seed"])
        #expect(atEnd.code == 2)
        #expect(atEnd.stderr.hasPrefix("gliobayes: error: --seed: missing value <n>"))
        let beforeOption = runTool(["simulate", "brain", "--seed", "--verbose"])
        #expect(beforeOption.code == 2)
        #expect(beforeOption.stderr.hasPrefix("gliobayes: error: --seed: missing value <n>"))
    }

    @Test func badNumbersNameTheFlagAndValue() {
        let result = runTool(["simulate", "brain", "--seed", "seven"])
        #expect(result.code == 2)
        #expect(result.stderr == "gliobayes: error: --seed: invalid value 'seven'; expected an integer\n")
        let list = runTool(["simulate", "brain", "--days", "300,,360"])
        #expect(list.stderr == "gliobayes: error: --days: invalid value '300,,360'; expected comma-separated integers like '300,360'\n")
        let triple = runTool(["simulate", "brain", "--seed-mm", "1,2"])
        #expect(triple.stderr == "gliobayes: error: --seed-mm: invalid value '1,2'; expected three comma-separated numbers 'X,Y,Z'\n")
    }

    @Test func negativeNumbersAreValuesAndPositionals() {
        let result = runTool(["simulate", "--seed-mm", "-12,30.5,-8", "--seed", "-3", "-4.5"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("x0=-12.0,30.5,-8.0\n"))
        #expect(result.stdout.contains("seed=-3\n"))
        #expect(result.stdout.contains("anatomy=-4.5\n"))
    }

    @Test func doubleDashEndsOptions() {
        let result = runTool(["simulate", "--verbose", "--", "--seed", "-h", "-"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("seed=1\n"))
        #expect(result.stdout.contains("anatomy=--seed\n"))
        #expect(result.stdout.contains("extra=[\"-h\", \"-\"]\n"))
    }

    @Test func flagsTakeNoValueAndSingleOptionsNoRepeat() {
        let flagValue = runTool(["simulate", "brain", "--json=yes"])
        #expect(flagValue.code == 2)
        #expect(flagValue.stderr == "gliobayes: error: --json: is a flag and takes no value (got 'yes')\n")
        let repeated = runTool(["simulate", "brain", "--seed", "1", "--seed=2"])
        #expect(repeated.code == 2)
        #expect(repeated.stderr == "gliobayes: error: --seed: given more than once\n")
    }

    @Test func positionalCountIsChecked() {
        let missing = runTool(["simulate"])
        #expect(missing.code == 2)
        #expect(missing.stderr.hasPrefix("gliobayes: error: <anatomy>: missing argument"))
        let extra = runTool(["anatomy", "surplus"])
        #expect(extra.code == 2)
        #expect(extra.stderr == "gliobayes: error: surplus: unexpected argument for 'gliobayes anatomy'\n")
    }

    @Test func valueMayStartWithDashDashWhenAttached() throws {
        let command = FakeSimulateCommand()
        let outcome = try ArgumentParser.parse(["--output=--odd", "brain"], for: command, commandPath: "t")
        guard case let .arguments(parsed) = outcome else { Issue.record("expected arguments"); return }
        #expect(parsed.string("output") == "--odd")
        #expect(parsed.isGiven("output"))
        #expect(!parsed.isGiven("seed"))
    }

    @Test func requiredOptionIsEnforced() {
        struct Needy: Command {
            let name = "needy"
            let summary = "Needs --input."
            let options: [OptionSpec] = [.value("input", valueName: "file", help: "Input.", required: true)]
            func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
                context.output(try arguments.requiredString("input"))
                return .success
            }
        }
        let missing = runTool(["needy"], commands: [Needy()])
        #expect(missing.code == 2)
        #expect(missing.stderr == "gliobayes: error: --input: required by 'gliobayes needy' but not given\n")
        let given = runTool(["needy", "--input", "a.json"], commands: [Needy()])
        #expect(given.code == 0)
        #expect(given.stdout == "a.json\n")
    }
}
