import Foundation
import Testing
@testable import Probability

@Test func normalLogDensityAndCDF() {
    #expect(abs(Normal.standard.logDensity(0) - (-0.9189385332046727)) < 1e-15)  // −½ log 2π
    #expect(abs(Normal(mean: 1, standardDeviation: 2).logDensity(2.5) - (-1.893335713764618)) < 1e-14)
    #expect(abs(Normal(mean: 1, standardDeviation: 2).quantile(0.975) - (1 + 2 * 1.959963984540054)) < 1e-14)
    DistributionChecks.checkRoundTrip(Normal(mean: -3, standardDeviation: 0.5),
                                      probabilities: [1e-12, 0.01, 0.3, 0.5, 0.8, 0.999])
}

@Test func normalMomentsAndShape() {
    let d = Normal(mean: 1.5, standardDeviation: 2)
    DistributionChecks.checkMoments(d, mean: 1.5, variance: 4)
    DistributionChecks.checkShape(d)
}

@Test func standardSampleTailFrequency() {
    // P(|Z| > 2) = 2Φ(−2) = 0.04550026389635842; binomial sd at n = 1e5 is 6.6e-4.
    var g = Xoshiro256StarStar(seed: 99)
    let n = 100_000
    var count = 0
    for _ in 0..<n where abs(Normal.standardSample(using: &g)) > 2 { count += 1 }
    let p = 0.04550026389635842
    #expect(abs(Double(count) / Double(n) - p) < 4.5 * (p * (1 - p) / Double(n)).squareRoot())
}

@Test func normalValidation() {
    #expect(throws: DistributionError.nonPositiveParameter(distribution: "Normal", parameter: "standard deviation", value: -1)) {
        try Normal.validate(mean: 0, standardDeviation: -1)
    }
    #expect(throws: DistributionError.self) { try Normal.validate(mean: .nan, standardDeviation: 1) }
}
