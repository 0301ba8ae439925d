import Foundation
import Testing
import Inference
import _TestSupport
@testable import Calibration

@Test func comparisonFromCohortFoldersFindsTheFasterGroup() throws {
    let dir = try SharedData.temporaryDirectory("gb-cohort-compare")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.csv")
    // Group A grows at ≈ 0.30/day, group B at ≈ 0.15/day: log difference ≈ 0.69.
    try syntheticManifestCSV(rates: ["A": 0.30, "B": 0.15], perGroup: 3, seed: 3, badAnimal: false)
        .write(to: url, atomically: true, encoding: .utf8)
    let settings = try GrowthJobSettings(models: ["exponential"], errorModel: .logNormal(.fixed(0.1)),
                                         fit: GrowthCurveFitSettings(particles: 100, runs: 2, mcmcSteps: 3, seed: 1))
    let out = dir.appendingPathComponent("cohort")
    _ = try CohortRunner(manifest: try CohortManifest.read(url), growth: settings, output: out, jobs: 2).run()
    let comparison = try CohortComparison.compute(
        folders: [out], settings: PopulationFitSettings(drawsPerUnit: 200, chains: 2, warmupIterations: 300, samplingIterations: 500, seed: 1))
    #expect(comparison.labels == ["log(lambda)"])
    #expect(comparison.groups.map(\.name) == ["A", "B"])
    let d = try #require(comparison.differences.first)
    #expect(d.groupA == "A" && d.groupB == "B")
    #expect(d.lower < log(2.0) && log(2.0) < d.upper, "[\(d.lower), \(d.upper)]")
    #expect(d.probabilityPositive > 0.95)
    let cmp = dir.appendingPathComponent("cmp")
    try comparison.write(to: cmp)
    let population = try String(contentsOf: cmp.appendingPathComponent("population.csv"), encoding: .utf8)
    #expect(population.split(separator: "\n").count == 3)
    #expect(FileManager.default.fileExists(atPath: cmp.appendingPathComponent("comparison.json").path))
    // Dividing out the prior: each unit's log-prior is that of lambda ~ log-uniform[1e-3, 3] on log λ, a constant.
    #expect(CohortComparison.isPositive(.logUniform(lower: 1e-3, upper: 3)))
    #expect(!CohortComparison.isPositive(.normal(mean: 0, standardDeviation: 1)))
}
