import Foundation
import Testing
@testable import Probability

/// Shared checks every distribution must pass (the "conformance checker" of STYLE.md).
enum DistributionChecks {
    /// Relative-or-absolute closeness.
    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    /// Draws n samples with a fixed seed; checks all lie in the support, the sample mean is within
    /// 4.5 MCSE of `mean` (MCSE = sd/√n) and the sample variance within 4.5 of its own standard error
    /// √((m₄ − σ⁴)/n), using the sample fourth central moment.
    static func checkMoments<D: ContinuousDistribution>(_ d: D, mean: Double, variance: Double,
                                                      n: Int = 100_000, seed: UInt64 = 7) {
        var g = Xoshiro256StarStar(seed: seed, stream: 3)
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = d.sample(using: &g) }
        #expect(xs.allSatisfy { d.support.contains($0) }, "draw outside support")
        let m = xs.reduce(0, +) / Double(n)
        var m2 = 0.0, m4 = 0.0
        for x in xs { let c = x - m; m2 += c * c; m4 += c * c * c * c }
        m2 /= Double(n); m4 /= Double(n)
        let mcseMean = variance.squareRoot() / Double(n).squareRoot()
        let mcseVar = ((m4 - m2 * m2) / Double(n)).squareRoot()
        #expect(abs(m - mean) < 4.5 * mcseMean, "mean \(m) vs \(mean), MCSE \(mcseMean)")
        #expect(abs(m2 - variance) < 4.5 * mcseVar, "variance \(m2) vs \(variance), MCSE \(mcseVar)")
    }

    /// One-sample Kolmogorov–Smirnov: √n·D must stay below 1.949, the asymptotic critical value at the
    /// 0.1% level (Kolmogorov distribution), for n = 20,000 draws with a fixed seed.
    static func checkShape<D: InvertibleDistribution>(_ d: D, n: Int = 20_000, seed: UInt64 = 11) {
        var g = Xoshiro256StarStar(seed: seed, stream: 5)
        var xs = (0..<n).map { _ in d.sample(using: &g) }
        xs.sort()
        var dMax = 0.0
        for (i, x) in xs.enumerated() {
            let f = d.cdf(x)
            dMax = max(dMax, f - Double(i) / Double(n), Double(i + 1) / Double(n) - f)
        }
        #expect(dMax * Double(n).squareRoot() < 1.949, "KS statistic √n·D = \(dMax * Double(n).squareRoot())")
    }

    /// quantile(cdf(x)) ≈ x and cdf(quantile(p)) ≈ p.
    static func checkRoundTrip<D: InvertibleDistribution>(_ d: D, probabilities: [Double], tolerance: Double = 1e-12) {
        for p in probabilities {
            let x = d.quantile(p)
            #expect(close(d.cdf(x), p, tolerance), "cdf(quantile(\(p))) = \(d.cdf(x))")
            #expect(d.support.contains(x))
        }
    }
}
