import Testing
@testable import GlioBayesCommandLine

@Suite struct GlioBayesCommandLineTests {
    @Test func versionPrintsToStdout() {
        let result = runTool(["--version"])
        #expect(result.code == 0)
        #expect(result.stdout == "gliobayes \(GlioBayesVersion.string)\n")
        #expect(result.stderr.isEmpty)
        #expect(runTool(["--version", "x"]).code == 2)
    }

    @Test func unknownTopLevelOptionAndCommandSuggest() {
        let option = runTool(["--verison"])
        #expect(option.code == 2)
        #expect(option.stderr == "gliobayes: error: --verison: unknown option for 'gliobayes'; did you mean '--version'?\n")
        let command = runTool(["simualte", "x"])
        #expect(command.code == 2)
        #expect(command.stderr == "gliobayes: error: simualte: unknown command; did you mean 'simulate'?\n")
        let far = runTool(["zzzzzz"])
        #expect(far.stderr == "gliobayes: error: zzzzzz: unknown command; run 'gliobayes --help' for the list\n")
    }

    @Test func errorsMapToExitCodesAndOneLine() {
        let input = runTool(["fail", "--kind", "input"])
        #expect(input.code == ExitCode.inputFile.rawValue)
        #expect(input.stderr == "gliobayes: error: scan.nii.gz: wrong magic 'abc'\n")

        let deep = runTool(["fail", "--kind", "deep"])
        #expect(deep.code == ExitCode.failure.rawValue)
        #expect(deep.stderr == "gliobayes: error: matrix is not positive definite; (leading minor 3)\n")

        let late = runTool(["fail", "--kind", "other"])
        #expect(late.code == ExitCode.usage.rawValue)
        #expect(late.stderr == "gliobayes: error: --kind: no such failure\n")

        #expect(runTool(["fail", "--kind", "converge"]).code == ExitCode.notConverged.rawValue)
    }

    @Test func inputFileFailureDoesNotRepeatThePath() {
        struct Described: Error, CustomStringConvertible {
            var description: String { "/data/a.nii: truncated header (120 of 348 bytes)" }
        }
        let failure = CommandFailure.inputFile("/data/a.nii", Described())
        #expect(failure.description == "/data/a.nii: truncated header (120 of 348 bytes)")
        #expect(failure.exitCode == .inputFile)
        #expect(CommandFailure.inputFile("/data/b.nii", "no such file").description == "/data/b.nii: no such file")
    }

    @Test func exitCodesAreDistinctAndStable() {
        #expect(ExitCode.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5])
        #expect(Set(ExitCode.allCases.map(\.meaning)).count == ExitCode.allCases.count)
    }

    @Test func jsonOutputIsSortedAndSlashFree() throws {
        struct Payload: Encodable { let zeta = 1; let alpha = "a/b" }
        let text = try CommandContext.jsonString(Payload())
        #expect(text == "{\n  \"alpha\" : \"a/b\",\n  \"zeta\" : 1\n}")
        struct Bad: Encodable { let x = Double.nan }
        #expect(throws: CommandFailure.self) { try CommandContext.jsonString(Bad()) }
    }
}
