import Foundation
import Testing
import Probability
@testable import Inference

/// Draws of a unit whose posterior is N(m, s²) under a uniform prior on [−10, 10] (log density −log 20).
private func gaussianUnit(_ name: String, m: Double, s: Double, draws: Int, stream: Int) -> UnitDraws {
    var g = Xoshiro256StarStar(seed: 99, stream: stream)
    let values = (0..<draws).map { _ in m + s * Normal.standardSample(using: &g) }
    return UnitDraws(name: name, values: values, logPriorDensities: [Double](repeating: -log(20.0), count: draws))
}

@Test func unitMarginalMatchesGaussianConvolution() {
    // E[N(θ; μ, τ²)]/prior with θ ~ N(m, s²) = 20·N(m; μ, τ² + s²).
    let unit = gaussianUnit("u", m: 0.3, s: 0.4, draws: 20000, stream: 0)
    for (mu, tau) in [(0.0, 0.5), (1.0, 0.2), (-0.5, 1.5)] {
        let got = HierarchicalNormalPosterior.unitLogMarginal(unit, mean: mu, standardDeviation: tau)
        let v = tau * tau + 0.16
        let exact = log(20.0) - 0.5 * log(2 * Double.pi * v) - (0.3 - mu) * (0.3 - mu) / (2 * v)
        #expect(abs(got - exact) < 0.03, "μ = \(mu), τ = \(tau): \(got) vs \(exact)")
    }
}

@Test func reweightingESSBounds() {
    let unit = gaussianUnit("u", m: 0, s: 1, draws: 2000, stream: 1)
    // Very wide population: weights nearly equal → ESS ≈ S.
    #expect(HierarchicalNormalPosterior.reweightingEffectiveSampleSize(unit: unit, mean: 0, standardDeviation: 1e3) > 1990)
    // Population far in the tail of the unit's draws: the reweighting collapses onto a few draws.
    #expect(HierarchicalNormalPosterior.reweightingEffectiveSampleSize(unit: unit, mean: 4, standardDeviation: 0.05) < 10)
}

@Test func twoCohortDifferenceCoversTruth() throws {
    // Cohort A: μ = −1.0, cohort B: μ = −1.5, both τ = 0.3; 12 units each, each unit's data give a
    // N(θ_i + noise, 0.2²) posterior under a uniform prior. True difference 0.5.
    var g = Xoshiro256StarStar(seed: 5, stream: 0)
    func cohort(_ mu: Double, offset: Int) -> [UnitDraws] {
        (0..<12).map { i in
            let theta = mu + 0.3 * Normal.standardSample(using: &g)
            let y = theta + 0.2 * Normal.standardSample(using: &g)
            return gaussianUnit("p\(offset + i)", m: y, s: 0.2, draws: 400, stream: 10 + offset + i)
        }
    }
    let a = cohort(-1.0, offset: 0), b = cohort(-1.5, offset: 100)
    let settings = PopulationFitSettings(drawsPerUnit: 400, chains: 4, warmupIterations: 500, samplingIterations: 1000, seed: 2)
    let fitA = try PopulationFit.fit(parameter: "theta", units: a, settings: settings)
    let fitB = try PopulationFit.fit(parameter: "theta", units: b, settings: settings)
    let d = PopulationDifference.between(fitA, named: "A", and: fitB, named: "B")
    #expect(d.lower < 0.5 && 0.5 < d.upper, "95 % interval [\(d.lower), \(d.upper)]")
    #expect(d.probabilityPositive > 0.95)
    #expect(fitA.meanSummary.rHat < 1.02)
    // Independent check of μ_A's posterior mean: the exact two-stage marginal is
    // y_i ~ N(μ, τ² + s²) (up to the uniform prior's truncation far away); integrate over (μ, τ) on a grid
    // with the same hyperpriors.
    let ys = a.map { $0.values.reduce(0, +) / Double($0.values.count) }
    let hyper = HierarchicalNormalHyperprior()
    var logTerms = [Double](), muTerms = [Double]()
    for i in 0..<300 {
        let mu = -2.5 + 3.0 * (Double(i) + 0.5) / 300
        for j in 0..<300 {
            let tau = 2.0 * (Double(j) + 0.5) / 300
            var l = -0.5 * pow(mu / hyper.meanScale, 2) - 0.5 * pow(tau / hyper.scaleScale, 2)
            let v = tau * tau + 0.04
            for y in ys { l += -0.5 * log(v) - (y - mu) * (y - mu) / (2 * v) }
            logTerms.append(l)
            muTerms.append(mu)
        }
    }
    let z = logSumExp(logTerms)
    let exactMean = zip(logTerms, muTerms).reduce(0) { $0 + exp($1.0 - z) * $1.1 }
    #expect(abs(fitA.meanSummary.mean - exactMean) < 0.04, "μ_A mean \(fitA.meanSummary.mean) vs grid \(exactMean)")
}

@Test func collapsedReweightingIsReported() throws {
    // Six units agree tightly (posteriors N(≈0, 0.05²)), one is barely informed (N(0, 3²)): the population
    // is narrow, so only the few draws of the vague unit near 0 carry weight. That must appear as a
    // warning, not pass silently.
    var units = (0..<6).map { gaussianUnit("p\($0)", m: 0.02 * Double($0), s: 0.05, draws: 300, stream: 200 + $0) }
    units.append(gaussianUnit("vague", m: 0, s: 3, draws: 300, stream: 300))
    let fit = try PopulationFit.fit(parameter: "theta", units: units,
                                    settings: PopulationFitSettings(drawsPerUnit: 300, chains: 2, warmupIterations: 300,
                                                                    samplingIterations: 300, seed: 4, minimumReweightingESS: 50))
    #expect(fit.warnings.contains { $0.contains("vague") })
    #expect(fit.reweightingESS.count == 7)
}
