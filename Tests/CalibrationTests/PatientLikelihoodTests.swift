import Foundation
import Testing
import Imaging
import Inference
import Probability
@testable import Calibration

@Suite struct PatientLikelihoodTests {
    func setUp() throws -> (ObservationModel, ResolvedModel) {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder)
        let data = try PatientData.load(try PatientSpecification.read(specURL), builtinAnatomy: nil)
        return (try ObservationModel(data: data, resolutionMillimeters: 2), try ResolvedModel.resolve(data))
    }

    @Test func finiteInsideThePriorBoxAndMinusInfinityOutside() throws {
        let (observations, model) = try setUp()
        let counter = SolveCounter()
        let posterior = Posterior(space: model.space, likelihood: PatientLikelihood(observations: observations, model: model, counter: counter))
        var generator = Xoshiro256StarStar(seed: 7, stream: 0)
        for _ in 0..<6 {
            let u = model.space.samplePriorUnconstrained(using: &generator)
            #expect(posterior.logDensity(u).isFinite)
        }
        // Natural-scale points outside the box: the likelihood alone is −∞ for invalid values and the
        // prior is −∞ outside its support.
        let likelihood = PatientLikelihood(observations: observations, model: model, counter: nil)
        var truth = [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25]
        #expect(likelihood.logDensity(truth).isFinite)
        truth[0] = -0.1
        #expect(likelihood.logDensity(truth) == -.infinity)
        truth[0] = .nan
        #expect(likelihood.logDensity(truth) == -.infinity)
        #expect(model.space.logPrior([5, 0.06, 100, -1, -5, 5, 0.7, 0.25]) == -.infinity)
        #expect(counter.snapshot().solves[2] == 6)
    }

    /// The truth must fit the synthetic data better than clearly wrong parameters.
    @Test func truthBeatsWrongParameters() throws {
        let (observations, model) = try setUp()
        let likelihood = PatientLikelihood(observations: observations, model: model, counter: nil)
        let truth = [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25]
        let atTruth = likelihood.logDensity(truth)
        for (k, factor) in [(0, 3.0), (1, 0.5), (2, 0.5)] {
            var wrong = truth
            wrong[k] *= factor
            #expect(likelihood.logDensity(wrong) < atTruth - 5, "parameter \(k)")
        }
        var shifted = truth
        shifted[3] += 6
        #expect(likelihood.logDensity(shifted) < atTruth - 5)
    }
}
