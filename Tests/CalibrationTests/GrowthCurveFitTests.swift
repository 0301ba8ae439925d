import Foundation
import Testing
import Probability
@testable import Calibration

/// A noisy exponential series: V = 0.05·exp(0.25 τ) (arbitrary units ×1e6) on days 30…54, log-normal
/// noise σ = 0.1 drawn from a fixed stream.
private func exponentialSeries() throws -> GrowthSeries {
    var g = Xoshiro256StarStar(seed: 7, stream: 0)
    let days = stride(from: 30.0, through: 54, by: 3).map { $0 }
    let values = days.map { 5e4 * exp(0.25 * ($0 - 30) + 0.1 * Normal.standardSample(using: &g)) }
    return try GrowthSeries(id: "synthetic", days: days, values: values)
}

@Test func evidencePrefersExponentialAndRecoversRate() throws {
    let series = try exponentialSeries()
    let settings = GrowthCurveFitSettings(particles: 200, runs: 2, mcmcSteps: 4, seed: 3)
    let error = GrowthErrorModel.logNormal(.fixed(0.1))
    let exponential = try GrowthCurveFit.fit(GrowthCurveModel(curve: GrowthLaw.exponential, errorModel: error, series: series),
                                             settings: settings)
    let radial = try GrowthCurveFit.fit(GrowthCurveModel(curve: GrowthLaw.linearRadial, errorModel: error, series: series),
                                        settings: settings)
    // log Bayes factor exponential vs linear-radial: large and far outside the evidence errors.
    let logBF = exponential.logEvidence - radial.logEvidence
    #expect(logBF > 5 + 3 * (exponential.logEvidenceStandardError + radial.logEvidenceStandardError))
    // Rate recovered: the 90 % interval covers the true 0.25 and is narrow.
    let lambda = try #require(exponential.summaries.first { $0.name == "lambda" })
    #expect(lambda.q5 < 0.25 && 0.25 < lambda.q95)
    #expect(lambda.q95 - lambda.q5 < 0.05)
}

@Test func evidenceMatchesQuadrature() throws {
    // Independent check of log Z for the 2-parameter exponential law: tensor-product midpoint rule over
    // (log V0, log λ), where the log-uniform priors are uniform.
    let series = try exponentialSeries()
    let model = GrowthCurveModel(curve: GrowthLaw.exponential, errorModel: .logNormal(.fixed(0.1)), series: series)
    let fit = try GrowthCurveFit.fit(model, settings: GrowthCurveFitSettings(particles: 200, runs: 2, mcmcSteps: 4, seed: 11))
    // The posterior sits near log V0 ≈ log(5e4/scale), log λ ≈ log 0.25; integrate over a box wide enough
    // to hold all its mass and multiply by the prior density (1/width of each log range).
    let a0 = log(1e-4), b0 = log(1e2), a1 = log(1e-3), b1 = log(3.0)
    let centre0 = log(5e4 / series.scale), centre1 = log(0.25)
    let n = 250, half0 = 0.6, half1 = 0.25
    let h0 = 2 * half0 / Double(n), h1 = 2 * half1 / Double(n)
    var terms = [Double]()
    terms.reserveCapacity(n * n)
    for i in 0..<n {
        let u0 = centre0 - half0 + (Double(i) + 0.5) * h0
        for j in 0..<n {
            let u1 = centre1 - half1 + (Double(j) + 0.5) * h1
            terms.append(model.likelihood.logDensity([exp(u0), exp(u1)]))
        }
    }
    let quadrature = logSumExp(terms) + log(h0 * h1) - log(b0 - a0) - log(b1 - a1) + model.likelihood.logJacobianToDataUnits
    #expect(abs(fit.logEvidence - quadrature) < max(0.3, 4 * fit.logEvidenceStandardError),
            "TMCMC \(fit.logEvidence) ± \(fit.logEvidenceStandardError), quadrature \(quadrature)")
}
