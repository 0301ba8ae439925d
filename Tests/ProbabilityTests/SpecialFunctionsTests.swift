import Foundation
import Testing
@testable import Probability

@Test func normalQuantileMatchesPublishedValues() {
    // Published values (e.g. Wichura 1988; agree with scipy.special.ndtri to the last digit).
    #expect(abs(standardNormalQuantile(0.975) - 1.959963984540054) < 2e-15)
    #expect(abs(standardNormalQuantile(1e-10) / -6.361340902404056 - 1) < 1e-15)
    #expect(abs(standardNormalQuantile(0.3) / -0.5244005127080409 - 1) < 1e-15)
    #expect(abs(standardNormalQuantile(0.02) / -2.053748910631823 - 1) < 1e-15)
    #expect(abs(standardNormalQuantile(1e-300) / -37.0470962993612 - 1) < 1e-14)
    #expect(standardNormalQuantile(0.5) == 0)
    #expect(standardNormalQuantile(0) == -.infinity)
    #expect(standardNormalQuantile(1) == .infinity)
    #expect(standardNormalQuantile(1.5).isNaN)
    #expect(standardNormalQuantile(.nan).isNaN)
}

@Test func normalQuantileInvertsCDF() {
    for p in stride(from: 0.001, to: 1.0, by: 0.0137) {
        #expect(abs(standardNormalCDF(standardNormalQuantile(p)) - p) <= 4e-16 * max(p, 1 - p) + 1e-17)
    }
    // Symmetry Φ⁻¹(1 − p) = −Φ⁻¹(p) where 1 − p is exact.
    #expect(standardNormalQuantile(0.25) == -standardNormalQuantile(0.75))
}

@Test func normalCDFValues() {
    // scipy.special.ndtr
    #expect(abs(standardNormalCDF(-5) / 2.866515718791933e-07 - 1) < 1e-14)
    #expect(abs(standardNormalCDF(1.5) - 0.9331927987311419) < 1e-15)
    #expect(standardNormalCDF(0) == 0.5)
}

@Test func logUpperTailFarOut() {
    // scipy.stats.norm.logsf
    let cases: [(Double, Double)] = [(-3, -0.0013508099647481925), (3, -6.60772622151035),
                                     (25, -316.63940800802027), (40, -804.6084420137539),
                                     (100, -5005.524208694205)]
    for (x, expected) in cases {
        #expect(abs(logStandardNormalUpperTail(x) / expected - 1) < 1e-13, "x = \(x)")
    }
    // Continuity across the switch between erfc and the continued fraction at x = 20.
    let below = logStandardNormalUpperTail(20.0.nextDown), above = logStandardNormalUpperTail(20)
    #expect(abs(below - above) < 1e-12)
    #expect(logStandardNormalUpperTail(.infinity) == -.infinity)
    #expect(logStandardNormalUpperTail(-.infinity) == 0)
}

@Test func quantileFromLogUpperTailInvertsFarTail() {
    for x in [1.0, 10, 38, 40, 100, 1000] {
        let l = logStandardNormalUpperTail(x)
        #expect(abs(standardNormalQuantile(logUpperTail: l) / x - 1) < 1e-13, "x = \(x)")
    }
}

@Test func logGammaAndLogSumExp() {
    #expect(abs(logGamma(0.5) - 0.5723649429247) < 1e-13)  // log √π
    #expect(abs(logGamma(5) - log(24.0)) < 1e-14)
    #expect(abs(logSumExp([1000, 1000.5, 999]) - 1001.1041306053368) < 1e-12)
    #expect(logSumExp([Double]()) == -.infinity)
    #expect(logSumExp([-Double.infinity, -.infinity]) == -.infinity)
    #expect(logSumExp([1, .infinity]) == .infinity)
    #expect(logSumExp([1, .nan]).isNaN)
    #expect(abs(logSumExp(log(2.0), log(3.0)) - log(5.0)) < 1e-15)
}

@Test func uniformOpenUnitStaysOpenAndUniform() {
    var g = Xoshiro256StarStar(seed: 1)
    var sum = 0.0
    let n = 100_000
    for _ in 0..<n {
        let u = uniformOpenUnit(using: &g)
        #expect(u > 0 && u < 1)
        sum += u
    }
    // Mean 1/2, sd 1/√12: within 4.5 MCSE.
    #expect(abs(sum / Double(n) - 0.5) < 4.5 / (12.0 * Double(n)).squareRoot())
    // A generator that always returns all ones gives the largest value, 1 − 2⁻⁵³, not 1.
    struct Ones: RandomNumberGenerator { mutating func next() -> UInt64 { .max } }
    var ones = Ones()
    #expect(uniformOpenUnit(using: &ones) == 1 - 0x1p-53)
}

@Test func incompleteBetaMatchesScipy() {
    // scipy.special.betainc(a, b, x)
    #expect(abs(regularizedIncompleteBeta(0.3, a: 2.5, b: 3.5) - 0.29675298929566646) < 1e-14)
    #expect(abs(regularizedIncompleteBeta(0.9, a: 0.5, b: 0.5) - 0.7951672353008665) < 1e-14)
    #expect(abs(regularizedIncompleteBeta(0.8, a: 200, b: 50) - 0.48737623184868095) < 1e-12)
    // Closed form: I_x(1, b) = 1 − (1 − x)^b.
    #expect(abs(regularizedIncompleteBeta(0.2, a: 1, b: 3) - (1 - pow(0.8, 3))) < 1e-15)
    #expect(regularizedIncompleteBeta(0, a: 2, b: 2) == 0)
    #expect(regularizedIncompleteBeta(1, a: 2, b: 2) == 1)
    #expect(regularizedIncompleteBeta(0.5, a: -1, b: 2).isNaN)
}

@Test func incompleteBetaQuantileMatchesScipy() {
    // scipy.stats.beta.ppf(p, a, b); the first two are the MCSE-of-quantile bounds for ESS 400 / 5000.
    #expect(abs(inverseRegularizedIncompleteBeta(0.1586553, a: 20.5, b: 380.5) - 0.04020157165508778) < 1e-13)
    #expect(abs(inverseRegularizedIncompleteBeta(0.8413447, a: 4751, b: 251) - 0.9529051507569556) < 1e-12)
    #expect(abs(inverseRegularizedIncompleteBeta(0.3, a: 2, b: 3) - 0.27238394207510536) < 1e-14)
}
