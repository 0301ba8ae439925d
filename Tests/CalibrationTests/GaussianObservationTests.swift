import Foundation
import Testing
@testable import Calibration

@Test func gaussianObservationMatchesClosedForm() {
    // y = [0.5, 0.2], c = [0.4, 0.2], b = 0.8 → m = [0.5, 0.25], residuals [0, −0.05], σ = 0.1.
    let got = GaussianObservation.logLikelihood(predicted: [0.4, 0.2], observed: [0.5, 0.2], scale: 1 / 0.8,
                                                standardDeviation: 0.1)
    let expected = -0.5 * (0.05 * 0.05) / 0.01 - 2 * log(0.1) - log(2 * Double.pi)
    #expect(abs(got - expected) < 1e-12)
}

@Test func cellularityFromADC() {
    #expect(GaussianObservation.cellularity(adc: 0.8, healthyADC: 0.8, minimumADC: 0.4) == 0)
    #expect(abs(GaussianObservation.cellularity(adc: 0.6, healthyADC: 0.8, minimumADC: 0.4) - 0.5) < 1e-15)
    #expect(GaussianObservation.cellularity(adc: 0.3, healthyADC: 0.8, minimumADC: 0.4) == 1)
}
