import Foundation
import Testing
@testable import Inference
import Probability

/// Shared checks for the known-answer tests.
enum Check {
    /// Checks sample means and covariances against exact values, with tolerances from the Monte Carlo
    /// standard error. Means: |x̄ᵢ − μᵢ| ≤ k·MCSE(xᵢ) with MCSE from the Diagnostics module (bulk ESS of
    /// Vehtari et al. 2021), so the tolerance scales with how well the sampler mixed. Covariances: the
    /// products (xᵢ − μᵢ)(xⱼ − μⱼ) (exact μ) have expectation Σᵢⱼ; their MCSE is taken as
    /// sd(product)/√min(ESSᵢ, ESSⱼ), which is conservative because a product of two autocorrelated
    /// series decorrelates at least as fast as either (for AR(1) components, ρᵢρⱼ per lag); it also saves
    /// 55 FFT-based ESS computations per 10-D target in a debug build.
    /// k = 5: with ~65 comparisons per 10-D target a false alarm at 5 standard errors has probability
    /// ≈ 65 × 6·10⁻⁷ (and fixed seeds make each run deterministic anyway).
    static func moments(_ result: SamplingResult, mean: [Double], covariance: [[Double]], k: Double = 5,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        let d = mean.count
        #expect(result.dimension == d, sourceLocation: sourceLocation)
        let traces = (0..<d).map { result.traces(coordinate: $0) }
        let pooled = traces.map { $0.flatMap { $0 } }
        let ess = traces.map { Diagnostics.bulkEffectiveSampleSize($0) }
        for i in 0..<d {
            let m = pooled[i].reduce(0, +) / Double(pooled[i].count)
            let mcse = Diagnostics.mcseMean(traces[i])
            #expect(abs(m - mean[i]) <= k * mcse, "mean[\(i)] = \(m), exact \(mean[i]), MCSE \(mcse)",
                    sourceLocation: sourceLocation)
            for j in 0...i {
                let products = zip(pooled[i], pooled[j]).map { ($0 - mean[i]) * ($1 - mean[j]) }
                let n = Double(products.count)
                let c = products.reduce(0, +) / n
                let sd = (products.reduce(0) { $0 + ($1 - c) * ($1 - c) } / (n - 1)).squareRoot()
                let mcseC = sd / min(ess[i], ess[j]).squareRoot()
                #expect(abs(c - covariance[i][j]) <= k * mcseC,
                        "cov[\(i)][\(j)] = \(c), exact \(covariance[i][j]), MCSE \(mcseC)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The effective sample size must be large enough for the tolerances to mean something.
    static func enoughDraws(_ result: SamplingResult, minimumESS: Double = 100,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for j in 0..<result.dimension {
            let ess = Diagnostics.bulkEffectiveSampleSize(result.traces(coordinate: j))
            #expect(ess >= minimumESS, "coordinate \(j): bulk-ESS \(ess)", sourceLocation: sourceLocation)
        }
    }
}

extension Matrix {
    var rowArrays: [[Double]] { (0..<rows).map { i in (0..<columns).map { self[i, $0] } } }
}

import LinearAlgebra
