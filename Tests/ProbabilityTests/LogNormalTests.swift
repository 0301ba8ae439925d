import Foundation
import Testing
@testable import Probability

@Test func logNormalValuesMatchScipy() {
    // scipy.stats.lognorm(s=0.5, scale=exp(0.3)): logpdf(1.7), cdf(1.7).
    let d = LogNormal(logMean: 0.3, logStandardDeviation: 0.5)
    #expect(abs(d.logDensity(1.7) - (-0.8627983840828887)) < 1e-14)
    #expect(abs(d.cdf(1.7) - 0.6776927057477593) < 1e-15)
    #expect(d.logDensity(0) == -.infinity)
    #expect(d.logDensity(-1) == -.infinity)
    DistributionChecks.checkRoundTrip(d, probabilities: [1e-9, 0.05, 0.5, 0.95])
}

@Test func logNormalMomentsAndShape() {
    let d = LogNormal(logMean: -1, logStandardDeviation: 0.4)
    DistributionChecks.checkMoments(d, mean: d.mean, variance: d.variance)
    DistributionChecks.checkShape(d)
}
