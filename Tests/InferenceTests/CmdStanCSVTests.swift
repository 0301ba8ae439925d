import Foundation
import Testing
@testable import Inference

@Suite struct CmdStanCSVTests {
    func smallResult() throws -> SamplingResult {
        try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
            target: .shared(KnownAnswer.banana), options: SamplingOptions(chains: 2, warmupIterations: 50, samplingIterations: 40, seed: 9),
            initialization: .points([[0, 0]]), execution: ExecutionOptions())
    }

    @Test func writesFormatsLayoutAndReadsBackExactly() throws {
        let folder = temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try smallResult()
        let space = ParameterSpace([Parameter("D_w", prior: .logUniform(lower: 0.02, upper: 1.5)),
                                    Parameter("x0", prior: .normal(mean: 0, standardDeviation: 3))])
        let urls = try CmdStanCSVWriter.write(result, space: space, modelName: "banana", directory: folder)
        #expect(urls.map(\.lastPathComponent) == ["chain-1.csv", "chain-2.csv"])
        let text = try String(contentsOf: urls[0], encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# model = banana")
        #expect(lines.contains("#     algorithm = fixed_param"))
        #expect(lines.contains("#     num_samples = 40"))
        #expect(lines.contains("# gliobayes_seed = 9"))
        let header = try #require(lines.first { $0.hasPrefix("lp__") })
        #expect(header == "lp__,accept_stat__,D_w,x0")
        #expect(header.split(separator: ",").filter { $0.hasSuffix("__") }.count < 7)
        #expect(lines.contains { $0.hasPrefix("#  Elapsed Time:") && $0.hasSuffix("(Warm-up)") })

        let file = try CmdStanCSVReader.read(urls[0])
        #expect(file.drawCount == 40)
        #expect(file.flag("save_warmup") == false && file.flag("engaged") == false)
        #expect(file.configuration["algorithm"] == "fixed_param" && file.configuration["method"] == "sample")
        let chain = result.chains[0]
        for i in 0..<chain.count {
            let x = space.constrain(chain.draw(i))
            #expect(file.rows[i] == [chain.logDensities[i], chain.acceptStats[i]] + x)
        }
    }

    @Test func vectorParametersAreDotNumbered() {
        let space = ParameterSpace([Parameter("rho", prior: .logUniform(lower: 0.002, upper: 0.2)),
                                    Parameter("x0", size: 3, prior: .uniform(lower: -50, upper: 50))])
        #expect(space.columnNames == ["rho", "x0.1", "x0.2", "x0.3"])
    }

    @Test func readerAcceptsBothBooleanSpellingsAndNonFiniteValues() throws {
        for (no, yes) in [("0", "1"), ("false", "true")] {
            let text = """
            # model = m
            # method = sample (Default)
            #     num_samples = 3
            #     save_warmup = \(no)
            #     adapt
            #       engaged = \(yes)
            lp__,accept_stat__,a.1
            -1.5,1,nan
            -inf,0.5,inf
            -2,0,-inf
            #  Elapsed Time: 0.1 seconds (Warm-up)
            """
            let file = try CmdStanCSVReader.parse(text, path: "mem.csv")
            #expect(file.flag("save_warmup") == false && file.flag("engaged") == true)
            let a = try #require(file.column("a.1"))
            #expect(a[0].isNaN && a[1] == .infinity && a[2] == -.infinity)
            #expect(file.column("lp__")?[1] == -.infinity)
        }
    }

    @Test func writerSpellsNonFiniteValuesLikeCmdStan() {
        #expect(CmdStanCSVWriter.format(.nan) == "nan")
        #expect(CmdStanCSVWriter.format(.infinity) == "inf")
        #expect(CmdStanCSVWriter.format(-.infinity) == "-inf")
        #expect(Double(CmdStanCSVWriter.format(0.1 + 0.2)) == 0.1 + 0.2)
    }

    @Test func malformedFilesGiveTypedErrorsWithPathAndLine() {
        #expect(throws: InferenceError.malformedCSV(path: "x.csv", line: 2, reason: "row has 1 values, header has 2 columns")) {
            try CmdStanCSVReader.parse("lp__,a\n1\n", path: "x.csv")
        }
        #expect(throws: InferenceError.malformedCSV(path: "x.csv", line: 2, reason: "not a number: \"abc\"")) {
            try CmdStanCSVReader.parse("lp__,a\n1,abc\n", path: "x.csv")
        }
        #expect(throws: InferenceError.self) { try CmdStanCSVReader.parse("# num_samples = 5\nlp__,a\n1,2\n", path: "x.csv") }
        #expect(throws: InferenceError.self) { try CmdStanCSVReader.read(URL(fileURLWithPath: "/nonexistent/chain-1.csv")) }
    }
}
