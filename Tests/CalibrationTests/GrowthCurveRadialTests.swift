import Foundation
import Testing
@testable import Calibration

@Test func radialBurdenConservesMassWithoutGrowth() {
    let model = RadialBurdenModel(radiusMillimeters: 2, shellCount: 40, seedAmplitude: 0.5, seedWidthMillimeters: 0.3)
    let m = model.cellVolume(days: [0, 5, 20], diffusivity: 0.05, proliferationRate: 0)
    #expect(abs(m[1] - m[0]) < 1e-12 * m[0] && abs(m[2] - m[0]) < 1e-12 * m[0])
    // The seed mass is close to the continuum integral a·(2π)^{3/2}σ³ (the ball holds all of it).
    let exact = 0.5 * pow(2 * Double.pi, 1.5) * pow(0.3, 3)
    #expect(abs(m[0] - exact) / exact < 0.02)
}

@Test func radialBurdenFollowsLogisticWhenDiffusionIsFast() {
    // On a small ball with D·t ≫ R², c becomes uniform and ∫c dV = V_ball·c̄(t) with the logistic
    // c̄(t) = c̄0 e^{ρt}/(1 − c̄0 + c̄0 e^{ρt}) from the initial mean c̄0.
    let model = RadialBurdenModel(radiusMillimeters: 1, shellCount: 20, seedAmplitude: 0.2, seedWidthMillimeters: 0.3)
    let rho = 0.05
    let m = model.cellVolume(days: [0, 40, 80], diffusivity: 1, proliferationRate: rho)
    let ball = 4 * Double.pi / 3
    let c0 = m[0] / ball
    for (k, t) in [40.0, 80].enumerated() {
        let e = exp(rho * t), expected = ball * c0 * e / (1 - c0 + c0 * e)
        #expect(abs(m[k + 1] - expected) / expected < 0.01, "t = \(t): \(m[k + 1]) vs \(expected)")
    }
}

@Test func radialBurdenCurveScalesWithA() throws {
    let model = RadialBurdenModel()
    let v = model.values(days: [10, 20], referenceDay: 10, parameters: [0.05, 0.3, 2][...])
    let m = model.cellVolume(days: [10, 20], diffusivity: 0.05, proliferationRate: 0.3)
    #expect(abs(v[0] - 2 * m[0]) < 1e-12 * v[0] && abs(v[1] - 2 * m[1]) < 1e-12 * v[1])
    #expect(model.parameters.map(\.name) == ["D", "rho", "a"])
}
