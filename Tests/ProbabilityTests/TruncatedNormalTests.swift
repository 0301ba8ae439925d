import Foundation
import Testing
@testable import Probability

@Test func truncatedNormalValuesMatchScipy() {
    // scipy.stats.truncnorm(a=-0.25, b=1.5, loc=1, scale=2), i.e. N(1, 2²) on [0.5, 4].
    let d = TruncatedNormal(mean: 1, standardDeviation: 2, lower: 0.5, upper: 4)
    #expect(abs(d.logDensity(2) - (-1.1057842903817492)) < 1e-14)
    #expect(abs(d.cdf(2) - 0.5455334924203601) < 1e-14)
    #expect(abs(d.truncatedMean - 1.9669146247241214) < 1e-14)
    #expect(abs(d.truncatedVariance - 0.8771167053273281) < 1e-14)
    #expect(abs(d.quantile(0.3) - 1.3063172712808584) < 1e-13)
    #expect(d.logDensity(0.4) == -.infinity)
    DistributionChecks.checkRoundTrip(d, probabilities: [0, 0.001, 0.3, 0.5, 0.97, 1])
}

@Test func truncatedNormalFarUpperTail() {
    // N(0, 1) on [40, ∞): Φ(−40) underflows nothing here because everything is in log space.
    // scipy.stats.truncnorm(a=40, b=inf): logpdf(40.01), mean, cdf(40.01), ppf(0.5).
    let d = TruncatedNormal(mean: 0, standardDeviation: 1, lower: 40, upper: .infinity)
    #expect(abs(d.logDensity(40.01) - 3.2894534805492412) < 1e-10)
    #expect(abs(d.truncatedMean / 40.024968847210886 - 1) < 1e-12)
    #expect(abs(d.cdf(40.01) - 0.3298807901962418) < 1e-11)
    #expect(abs(d.quantile(0.5) - 40.01731412676465) < 1e-11)
    DistributionChecks.checkMoments(d, mean: d.truncatedMean, variance: d.truncatedVariance)
    DistributionChecks.checkShape(d)
}

@Test func truncatedNormalFarLowerTail() {
    // scipy.stats.truncnorm(a=-inf, b=-6): logpdf(-6.1), mean, cdf(-6.1).
    let d = TruncatedNormal(mean: 0, standardDeviation: 1, lower: -.infinity, upper: -6)
    #expect(abs(d.logDensity(-6.1) - 1.2128304167700392) < 1e-12)
    #expect(abs(d.truncatedMean - -6.158482604544618) < 1e-12)
    #expect(abs(d.cdf(-6.1) - 0.5375521667663076) < 1e-12)
    // Small CDF values keep their relative accuracy: scipy cdf(−8), ppf(1e−10), ppf(0.3).
    #expect(abs(d.cdf(-8) / 6.305532615943153e-07 - 1) < 1e-10)
    #expect(abs(d.quantile(1e-10) / -9.014751372433118 - 1) < 1e-12)
    #expect(abs(d.quantile(0.3) / -6.192558791195278 - 1) < 1e-12)
    // Upper-tail counterpart, N(0, 1) on [5, ∞): scipy sf(8), cdf(5.0001), ppf(1e−12).
    let u = TruncatedNormal(mean: 0, standardDeviation: 1, lower: 5, upper: .infinity)
    #expect(abs((1 - u.cdf(8)) / 2.1702168013554403e-09 - 1) < 1e-6)  // 1 − cdf loses digits; bound shows it
    #expect(abs(u.cdf(5.0001) / 0.000518520754857365 - 1) < 1e-10)
    #expect(abs(u.quantile(1e-12) - 5.000000000000194) < 1e-13)
    DistributionChecks.checkShape(d)
}

@Test func truncatedNormalEveryProposalRegime() {
    // Interval containing the mean, wide (normal rejection) and narrow (uniform rejection);
    // a one-sided narrow tail interval (uniform) and a wide one (exponential), and a mirrored one.
    let cases = [
        TruncatedNormal(mean: 0, standardDeviation: 1, lower: -1, upper: 3),
        TruncatedNormal(mean: 10, standardDeviation: 3, lower: 9, upper: 11),
        TruncatedNormal(mean: 0, standardDeviation: 1, lower: 3, upper: 3.2),
        TruncatedNormal(mean: 0, standardDeviation: 1, lower: 2, upper: 8),
        TruncatedNormal(mean: 5, standardDeviation: 0.5, lower: 0, upper: 4),
    ]
    for d in cases {
        DistributionChecks.checkMoments(d, mean: d.truncatedMean, variance: d.truncatedVariance, n: 40_000)
        DistributionChecks.checkShape(d)
        DistributionChecks.checkRoundTrip(d, probabilities: [0.01, 0.5, 0.99], tolerance: 1e-10)
    }
}

@Test func truncatedNormalNormalizerIntegratesToOne() {
    // Trapezoid integral of exp(logDensity) over [lower, upper] equals 1.
    let d = TruncatedNormal(mean: 0.2, standardDeviation: 0.7, lower: -0.5, upper: 1.9)
    let n = 20_000
    let h = (d.upper - d.lower) / Double(n)
    var s = 0.5 * (exp(d.logDensity(d.lower)) + exp(d.logDensity(d.upper)))
    for i in 1..<n { s += exp(d.logDensity(d.lower + Double(i) * h)) }
    #expect(abs(s * h - 1) < 1e-8)
}

@Test func truncatedNormalValidation() {
    #expect(throws: DistributionError.boundsNotOrdered(distribution: "TruncatedNormal", lower: 3, upper: 3)) {
        try TruncatedNormal.validate(mean: 0, standardDeviation: 1, lower: 3, upper: 3)
    }
    #expect(throws: DistributionError.self) {
        try TruncatedNormal.validate(mean: 0, standardDeviation: 0, lower: 0, upper: 1)
    }
}
