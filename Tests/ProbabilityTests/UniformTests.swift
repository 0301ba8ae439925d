import Foundation
import Testing
@testable import Probability

@Test func uniformLogDensityAndCDF() {
    let d = Uniform(lower: 2, upper: 5)
    #expect(d.logDensity(3) == -log(3.0))
    #expect(d.logDensity(2) == -log(3.0))
    #expect(d.logDensity(5.5) == -.infinity)
    #expect(d.cdf(2.75) == 0.25)
    #expect(d.quantile(0.5) == 3.5)
    DistributionChecks.checkRoundTrip(d, probabilities: [0, 0.1, 0.5, 0.99, 1])
}

@Test func uniformMomentsAndShape() {
    let d = Uniform(lower: -1, upper: 3)
    DistributionChecks.checkMoments(d, mean: 1, variance: 16.0 / 12)
    DistributionChecks.checkShape(d)
}

@Test func uniformValidationNamesTheProblem() {
    #expect(throws: DistributionError.boundsNotOrdered(distribution: "Uniform", lower: 2, upper: 1)) {
        try Uniform.validate(lower: 2, upper: 1)
    }
    do {
        _ = try Uniform.validated(lower: 2, upper: 1)
        Issue.record("expected an error")
    } catch {
        #expect(error.description == "Uniform: lower bound 2 is not below upper bound 1")
    }
    #expect(throws: DistributionError.self) { try Uniform.validate(lower: 0, upper: .infinity) }
    #expect((try? Uniform.validated(lower: 0, upper: 1)) == Uniform(lower: 0, upper: 1))
}
