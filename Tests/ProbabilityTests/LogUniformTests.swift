import Foundation
import Testing
@testable import Probability

@Test func logUniformValuesMatchScipy() {
    // scipy.stats.loguniform(0.02, 1.5): logpdf(0.1), cdf(0.1), mean, var.
    let d = LogUniform(lower: 0.02, upper: 1.5)
    #expect(abs(d.logDensity(0.1) - 0.8399113150485862) < 1e-14)
    #expect(abs(d.cdf(0.1) - 0.3727718224372513) < 1e-15)
    #expect(abs(d.mean - 0.34279191073158083) < 1e-15)
    #expect(abs(d.variance - 0.14301555809299335) < 1e-15)
    #expect(d.logDensity(0.01) == -.infinity)
    // Closed form: −log x − log log(b/a).
    #expect(abs(d.logDensity(0.5) - (-log(0.5) - log(log(75.0)))) < 1e-15)
    DistributionChecks.checkRoundTrip(d, probabilities: [0, 0.01, 0.5, 0.9, 1])
}

@Test func logUniformMomentsAndShape() {
    let d = LogUniform(lower: 0.002, upper: 0.2)
    DistributionChecks.checkMoments(d, mean: d.mean, variance: d.variance)
    DistributionChecks.checkShape(d)
}

@Test func logUniformRejectsNonPositiveLowerBound() {
    #expect(throws: DistributionError.nonPositiveParameter(distribution: "LogUniform", parameter: "lower bound", value: 0)) {
        try LogUniform.validate(lower: 0, upper: 1)
    }
}
