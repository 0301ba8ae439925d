import Foundation
import Inference
import Probability
import Testing
@testable import Reports

private func csv(_ columns: [String], _ rows: [[Double]]) throws -> CmdStanCSVFile {
    let text = "# model = t\n" + columns.joined(separator: ",") + "\n"
        + rows.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    return try CmdStanCSVReader.parse(text, path: "t.csv")
}

@Test func wellMixedChainsGiveNoWarningsAndAllFigures() throws {
    var g = Xoshiro256StarStar(seed: 7)
    let chains = try (0..<4).map { _ in
        try csv(["lp__", "accept_stat__", "a", "b"], (0..<500).map { _ in
            [0, 1, Normal.standardSample(using: &g), 2 + Normal.standardSample(using: &g)]
        })
    }
    var section = try PosteriorSection(chains: chains, paths: ["1", "2", "3", "4"])
    section.priors = ["a": .normal(mean: 0, standardDeviation: 1)]
    #expect(section.parameters == ["a", "b"])
    let summaries = section.summaries()
    #expect(abs(summaries[1].mean - 2) < 0.1)
    #expect(section.warnings(summaries).isEmpty)
    var report = HTMLReport(title: "t")
    report.blocks = section.blocks()
    let html = report.render()
    #expect(html.contains("trace: a") && html.contains("Pair plot") && html.contains("normal(0, 1)"))
}

@Test func stuckChainsAreFlagged() throws {
    // Two chains sitting at different constants plus noise: R̂ is far above 1.01.
    var g = Xoshiro256StarStar(seed: 8)
    let chains = try [0.0, 5.0].map { offset in
        try csv(["lp__", "x"], (0..<200).map { _ in [0, offset + 0.01 * Normal.standardSample(using: &g)] })
    }
    var section = try PosteriorSection(chains: chains, paths: ["1", "2"])
    section.rejectedNaN = 3
    let warnings = section.warnings(section.summaries())
    #expect(warnings.contains { $0.hasPrefix("R̂ ≥ 1.01") })
    #expect(warnings.contains { $0.contains("3 proposals had a NaN") })
    #expect(warnings.contains { $0.contains("convergence rule") })
}

@Test func mismatchedChainsAreAnError() throws {
    let a = try csv(["lp__", "x"], [[0, 1]]), b = try csv(["lp__", "y"], [[0, 1]])
    #expect(throws: InferenceError.self) { try PosteriorSection(chains: [a, b], paths: ["a.csv", "b.csv"]) }
}
