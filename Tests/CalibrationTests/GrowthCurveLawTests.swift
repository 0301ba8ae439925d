import Foundation
import Testing
@testable import Calibration

@Test func exponentialLawValues() {
    #expect(abs(GrowthLaw.exponential.value(elapsed: 10, parameters: [2, 0.1]) - 2 * M_E) < 1e-12)
    #expect(GrowthLaw.exponential.value(elapsed: 0, parameters: [3, 0.7]) == 3)
}

@Test func logisticLawValues() {
    // V0 = 1, K = 10: at e^{−λτ} = 1/9 the curve is K/(1 + 9/9) = 5 (half the capacity).
    let lambda = 0.4, tau = log(9) / lambda
    #expect(abs(GrowthLaw.logistic.value(elapsed: tau, parameters: [1, lambda, 10]) - 5) < 1e-12)
    #expect(abs(GrowthLaw.logistic.value(elapsed: 0, parameters: [1, lambda, 10]) - 1) < 1e-12)
    #expect(abs(GrowthLaw.logistic.value(elapsed: 500, parameters: [1, lambda, 10]) - 10) < 1e-9)
}

@Test func gompertzLawValues() {
    // V0 = 1, K = e: V = e·exp(−e^{−βτ}); at e^{−βτ} = ½, V = e^{½}.
    let beta = 0.2, tau = log(2) / beta
    #expect(abs(GrowthLaw.gompertz.value(elapsed: tau, parameters: [1, beta, M_E]) - exp(0.5)) < 1e-12)
    #expect(abs(GrowthLaw.gompertz.value(elapsed: 0, parameters: [1, beta, M_E]) - 1) < 1e-12)
}

@Test func linearRadialLawValues() {
    // V0·(1 + gτ)³ = (r0·τ + R0)³ with R0 = 1, r0 = 0.5: at τ = 2, (0.5·2 + 1)³ = 8.
    #expect(abs(GrowthLaw.linearRadial.value(elapsed: 2, parameters: [1, 0.5]) - 8) < 1e-12)
    // The radius grows linearly: the cube root of V is affine in τ.
    let r = [0.0, 1, 2, 3].map { cbrt(GrowthLaw.linearRadial.value(elapsed: $0, parameters: [2, 0.3])) }
    #expect(abs((r[3] - r[2]) - (r[1] - r[0])) < 1e-12)
}

@Test func lawParametersHaveStatedPriors() {
    #expect(GrowthLaw.logistic.parameters.map(\.name) == ["V0", "lambda", "K"])
    #expect(GrowthLaw.gompertz.rateName == "beta")
    #expect(GrowthLaw.linearRadial.parameters[1].prior == .logUniform(lower: 1e-3, upper: 3))
    #expect(GrowthLaw(rawValue: "linear-radial") == .linearRadial)
}
