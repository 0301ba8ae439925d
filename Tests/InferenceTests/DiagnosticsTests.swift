import Foundation
import Testing
@testable import Inference
import Probability

/// One draw set made by scripts/fixtures/make-diagnostics-fixtures.py with ArviZ 0.23.4 (NaN as null).
private struct DiagnosticsFixture: Decodable {
    let name: String
    let description: String
    let chains: [[Double]]
    let arviz: [String: Double?]
}

private func loadFixtures() throws -> [DiagnosticsFixture] {
    let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/diagnostics")
    let files = try FileManager.default.contentsOfDirectory(at: base, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "json" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
    #expect(files.count >= 10, "expected the diagnostics fixtures in \(base.path)")
    return try files.map { try JSONDecoder().decode(DiagnosticsFixture.self, from: Data(contentsOf: $0)) }
}

/// Our value for each ArviZ key.
private func ours(_ key: String, _ chains: [[Double]], _ summary: ParameterSummary) -> Double {
    switch key {
    case "rhat_rank": Diagnostics.rankNormalizedSplitRHat(chains)
    case "rhat_split": Diagnostics.splitRHat(chains)
    case "ess_bulk": Diagnostics.bulkEffectiveSampleSize(chains)
    case "ess_tail": Diagnostics.tailEffectiveSampleSize(chains)
    case "ess_mean": Diagnostics.effectiveSampleSize(chains)
    case "ess_quantile_05": Diagnostics.quantileEffectiveSampleSize(chains, probability: 0.05)
    case "ess_quantile_95": Diagnostics.quantileEffectiveSampleSize(chains, probability: 0.95)
    case "mcse_mean": Diagnostics.mcseMean(chains)
    case "mcse_sd": Diagnostics.mcseStandardDeviation(chains)
    case "mcse_quantile_05": Diagnostics.mcseQuantile(chains, probability: 0.05)
    case "mcse_quantile_95": Diagnostics.mcseQuantile(chains, probability: 0.95)
    case "mean": summary.mean
    case "sd": summary.standardDeviation
    case "q5": Diagnostics.quantile(chains, probability: 0.05)
    case "q50": Diagnostics.quantile(chains, probability: 0.5)
    case "q95": Diagnostics.quantile(chains, probability: 0.95)
    case "summary_mean": summary.mean
    case "summary_sd": summary.standardDeviation
    case "summary_mcse_mean": summary.mcseMean
    case "summary_mcse_sd": summary.mcseStandardDeviation
    case "summary_ess_bulk": summary.bulkESS
    case "summary_ess_tail": summary.tailESS
    // az.summary folds around the median of all draws, az.rhat (and we) around that of the split
    // draws: identical for even lengths; for the odd_length set both happen to give the bulk R̂.
    case "summary_r_hat": summary.rHat
    default: .nan
    }
}

/// Keys where we deliberately return NaN for constant draws although ArviZ 0.23.4 reports ESS = S and
/// MCSE = 0 (see the `Diagnostics` documentation).
private let constantDeviations: Set<String> = ["ess_bulk", "ess_tail", "ess_mean", "ess_quantile_05",
                                               "ess_quantile_95", "mcse_mean", "mcse_quantile_05",
                                               "mcse_quantile_95", "summary_mcse_mean", "summary_ess_bulk",
                                               "summary_ess_tail"]

@Test func diagnosticsAgreeWithArviZ() throws {
    var maxRelative = 0.0
    var worst = ""
    var compared = 0
    for fixture in try loadFixtures() {
        let summary = Diagnostics.summarize(name: fixture.name, chains: fixture.chains)
        for (key, expected) in fixture.arviz.sorted(by: { $0.key < $1.key }) {
            let value = ours(key, fixture.chains, summary)
            if fixture.name == "constant" && constantDeviations.contains(key) {
                #expect(value.isNaN, "\(fixture.name).\(key): constant draws must give NaN, got \(value)")
                continue
            }
            guard let expected else {
                #expect(value.isNaN, "\(fixture.name).\(key): ArviZ gives NaN, we give \(value)")
                continue
            }
            compared += 1
            let relative = expected == 0 ? abs(value) : abs(value - expected) / abs(expected)
            if relative > maxRelative { maxRelative = relative; worst = "\(fixture.name).\(key)" }
            #expect(relative <= 1e-9, "\(fixture.name).\(key): ours \(value), ArviZ \(expected)")
        }
    }
    print("diagnostics vs ArviZ 0.23.4: \(compared) values, max relative difference \(maxRelative) (\(worst))")
    #expect(compared > 200)
}

@Test func ar1AutocorrelationTimeMatchesTheory() {
    // AR(1) x_t = φ x_{t−1} + ε_t has ρ_k = φ^k and τ = (1 + φ)/(1 − φ). The relative standard error
    // of a windowed τ estimate is about √(2(2M + 1)/N) (Sokal 1997) with window M ≈ 5τ: for
    // N = 200,000 that is 1.8% for φ = 0.5 (τ = 3) and 4.4% for φ = 0.9 (τ = 19). Tolerance: 3 of those.
    // (This seed gives Geyer 3.067 and 19.73, Sokal 3.058 and 19.61.)
    for (phi, tolerance) in [(0.5, 0.055), (0.9, 0.13)] {
        var g = Xoshiro256StarStar(seed: 2021, stream: 1)
        var x = [Double](repeating: 0, count: 200_000)
        var v = Normal.standardSample(using: &g) / (1 - phi * phi).squareRoot()
        for i in x.indices {
            v = phi * v + Normal.standardSample(using: &g)
            x[i] = v
        }
        let truth = (1 + phi) / (1 - phi)
        let geyer = Diagnostics.autocorrelationTime(x)
        let sokal = Diagnostics.autocorrelationTimeSokal(x)
        #expect(abs(geyer / truth - 1) < tolerance, "φ = \(phi): Geyer τ = \(geyer), true \(truth)")
        #expect(abs(sokal / truth - 1) < tolerance, "φ = \(phi): Sokal τ = \(sokal), true \(truth)")
        // The ESS of a single chain is N/τ up to splitting: same order.
        let ess = Diagnostics.effectiveSampleSize([x])
        #expect(abs(ess * truth / Double(x.count) - 1) < tolerance)
    }
}

@Test func autocovarianceFFTMatchesDirectSums() {
    // n = 700 takes the FFT path; compare with the O(n²) definition written out here.
    var g = Xoshiro256StarStar(seed: 5)
    let x = (0..<700).map { _ in Normal.standardSample(using: &g) + 3 }
    let acov = Diagnostics.autocovariance(x)
    let mean = x.reduce(0, +) / Double(x.count)
    for lag in [0, 1, 2, 17, 350, 699] {
        var s = 0.0
        for i in 0..<(x.count - lag) { s += (x[i] - mean) * (x[i + lag] - mean) }
        #expect(abs(acov[lag] - s / Double(x.count)) < 1e-13 * acov[0], "lag \(lag)")
    }
    // Hand example: x = [1, 2, 3, 4], x̄ = 2.5, centred [−1.5, −0.5, 0.5, 1.5]:
    // γ₀ = 5/4, γ₁ = (0.75 − 0.25 + 0.75)/4 = 0.3125, γ₂ = (−0.75 − 0.75)/4 = −0.375, γ₃ = −2.25/4.
    #expect(Diagnostics.autocovariance([1, 2, 3, 4]) == [1.25, 0.3125, -0.375, -0.5625])
    let rho = Diagnostics.autocorrelation([1, 2, 3, 4])
    #expect(abs(rho[1] - 0.25) < 1e-15)
}

@Test func undefinedCasesGiveNaNWithoutCrashing() {
    let constant = [[Double]](repeating: [Double](repeating: 1.5, count: 20), count: 3)
    let tooShort: [[Double]] = [[1, 2, 3], [2, 3, 1]]
    let withNaN: [[Double]] = [[1, 2, .nan, 4, 5], [2, 3, 1, 0, 4]]
    for chains in [constant, tooShort, withNaN] {
        #expect(Diagnostics.rankNormalizedSplitRHat(chains).isNaN)
        #expect(Diagnostics.splitRHat(chains).isNaN)
        #expect(Diagnostics.bulkEffectiveSampleSize(chains).isNaN)
        #expect(Diagnostics.tailEffectiveSampleSize(chains).isNaN)
        #expect(Diagnostics.effectiveSampleSize(chains).isNaN)
        #expect(Diagnostics.mcseMean(chains).isNaN)
        #expect(Diagnostics.mcseStandardDeviation(chains).isNaN)
        #expect(Diagnostics.mcseQuantile(chains, probability: 0.5).isNaN)
    }
    #expect(Diagnostics.autocorrelationTime([1, 1, 1, 1, 1]).isNaN)
    #expect(Diagnostics.autocorrelationTime([1, 2]).isNaN)
    let s = Diagnostics.summarize(name: "fixed", chains: constant)
    #expect(s.mean == 1.5 && s.standardDeviation == 0 && s.q50 == 1.5)
    #expect(s.rHat.isNaN && s.bulkESS.isNaN && !s.isConverged())
}

@Test func splitDropsTheMiddleDrawAndRanksAverageTies() {
    let m = DrawMatrix([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]).split()
    #expect(m.chains == 4 && m.draws == 2)
    #expect(m.values == [1, 2, 6, 7, 4, 5, 9, 10])
    #expect(Diagnostics.averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    #expect(Diagnostics.quantile(sorted: [1, 2, 3, 4], probability: 0.5) == 2.5)
    #expect(Diagnostics.quantile(sorted: [0, 10], probability: 0.05) == 0.5)
}

@Test func summaryOfWellMixedChainsLooksConverged() {
    var g = Xoshiro256StarStar(seed: 77)
    let chains = (0..<4).map { _ in (0..<1000).map { _ in Normal.standardSample(using: &g) } }
    let s = Diagnostics.summarize(name: "z", chains: chains)
    #expect(s.isConverged())
    #expect(abs(s.mean) < 4 * s.mcseMean)
    #expect(abs(s.q95 - 1.6448536269514722) < 0.15)
    #expect(s.bulkESS > 3000 && s.tailESS > 2500)
}

@Test func lazyAutocovarianceSwitchesToFFTConsistently() {
    // Two chains of 1,000: lags below the direct limit are exact sums, lags beyond come from the FFT;
    // both must equal the chain-averaged definition.
    var g = Xoshiro256StarStar(seed: 8)
    let rows = (0..<2).map { _ in (0..<1000).map { _ in Normal.standardSample(using: &g) } }
    var lazy = LazyAutocovariance(DrawMatrix(rows))
    for lag in [0, 5, LazyAutocovariance.directLagLimit - 1, LazyAutocovariance.directLagLimit, 700, 999] {
        let expected = rows.map { Diagnostics.autocovariance($0)[lag] }.reduce(0, +) / 2
        #expect(abs(lazy(lag) - expected) < 1e-13, "lag \(lag)")
    }
}
