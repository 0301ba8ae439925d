import Foundation
import Testing
@testable import Calibration

@Test func doubleLogisticIsSymmetricAboutTheThreshold() {
    let link = SegmentationLink.doubleLogistic
    #expect(link.visibility(density: 0.5, threshold: 0.5, width: 0.1) == 0.5)
    // α(θ + d) + α(θ − d) = 1.
    for d in [0.01, 0.05, 0.2] {
        let sum = link.visibility(density: 0.5 + d, threshold: 0.5, width: 0.1)
            + link.visibility(density: 0.5 - d, threshold: 0.5, width: 0.1)
        #expect(abs(sum - 1) < 1e-15)
    }
    // Hand value: d = 0.1, σ = 0.1 → α = 1 − ½e⁻¹ = 0.8160602794142788.
    #expect(abs(link.visibility(density: 0.6, threshold: 0.5, width: 0.1) - 0.8160602794142788) < 1e-15)
}

@Test func oneSidedIsCertainAboveAndDecaysBelow() {
    let link = SegmentationLink.oneSided
    #expect(link.visibility(density: 0.9, threshold: 0.8, width: 0.05) == 1)
    #expect(abs(link.visibility(density: 0.75, threshold: 0.8, width: 0.05) - exp(-1)) < 1e-15)
}

@Test func bernoulliLogLikelihoodMatchesHandComputation() {
    // Two voxels: c = 0.6 visible, c = 0.4 not visible; θ = 0.5, σ = 0.1, ε = 0.01.
    // α = 0.81606…, 0.18394…; p = 0.01 + 0.98α.
    let a1 = 1 - 0.5 * exp(-1.0), a2 = 0.5 * exp(-1.0)
    let expected = log(0.01 + 0.98 * a1) + log(1 - (0.01 + 0.98 * a2))
    let got = SegmentationLink.doubleLogistic.logLikelihood(densities: [0.6, 0.4], visible: [true, false],
                                                            threshold: 0.5, width: 0.1, noiseFloor: 0.01)
    #expect(abs(got - expected) < 1e-14)
    // The noise floor keeps a confident miss finite.
    let miss = SegmentationLink.oneSided.logLikelihood(densities: [1.0], visible: [false],
                                                       threshold: 0.5, width: 0.1, noiseFloor: 1e-3)
    #expect(abs(miss - log(1e-3)) < 1e-12)
}

