import Foundation
import Testing
import Imaging
import Inference
import Probability
import TumorModel
@testable import Calibration

@Suite struct PatientLikelihoodTests {
    func setUp() throws -> (ObservationModel, ResolvedModel) {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder)
        let data = try PatientData.load(try PatientSpecification.read(specURL), builtinAnatomy: nil)
        return (try ObservationModel(data: data, resolutionMillimeters: 2), try ResolvedModel.resolve(data))
    }

    /// Across the prior box the log-density is never NaN: finite, or −∞ where the truncation rule
    /// applies (tumours far larger than the observed lesion). Invalid natural values give −∞.
    @Test func neverNaNInsideThePriorBoxAndMinusInfinityOutside() throws {
        let (observations, model) = try setUp()
        let counter = SolveCounter()
        let posterior = Posterior(space: model.space, likelihood: PatientLikelihood(observations: observations, model: model, counter: counter))
        var generator = Xoshiro256StarStar(seed: 7, stream: 0)
        var finite = 0
        for _ in 0..<12 {
            let u = model.space.samplePriorUnconstrained(using: &generator)
            let value = posterior.logDensity(u)
            #expect(!value.isNaN && value != .infinity)
            if value.isFinite { finite += 1 }
        }
        #expect(finite > 0)
        #expect((counter.snapshot().solves[2] ?? 0) <= 12)
        let likelihood = PatientLikelihood(observations: observations, model: model, counter: nil)
        var truth = [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25]
        #expect(likelihood.logDensity(truth).isFinite)
        truth[0] = -0.1
        #expect(likelihood.logDensity(truth) == -.infinity)
        truth[0] = .nan
        #expect(likelihood.logDensity(truth) == -.infinity)
        #expect(model.space.logPrior([5, 0.06, 100, -1, -5, 5, 0.7, 0.25]) == -.infinity)
    }

    /// The truncation rules: a run for the truth's κ stops once a region c ≥ θ_max (0.8 for T1Gd, 0.6
    /// for FLAIR: the upper bounds of the threshold priors) exceeds its cap sphere; ages whose scans fall beyond the readable part get
    /// −∞, ages inside it are finite, and the cap is 1.5 r + 3h of the largest lesion.
    @Test func truncationRuleCutsOffTumoursFarLargerThanObserved() throws {
        // A 30³ block of 2 mm voxels with a young tumour (one scan), so the cap sphere fits in the brain.
        let folder = CalibrationFixtures.temporaryFolder()
        let grid = Grid(shape: SIMD3(30, 30, 30), spacingMillimeters: SIMD3(2, 2, 2))
        let (wm, gm) = try CalibrationFixtures.writeAnatomy(in: folder, grid: grid)
        let truth = SyntheticPatient.Truth(D_w: 0.1, rho: 0.06, T: 70, x0: [29, 29, 29], theta_T1: 0.7, theta_FL: 0.25)
        let specURL = try SyntheticPatient.write(whiteMatter: wm, greyMatter: gm,
                                                 anatomy: .files(whiteMatter: "wm.nii.gz", greyMatter: "gm.nii.gz", csf: nil),
                                                 truth: truth, days: [0], resolutionMillimeters: 2, folder: folder)
        let data = try PatientData.load(try PatientSpecification.read(specURL), builtinAnatomy: nil)
        let observations = try ObservationModel(data: data, resolutionMillimeters: 2)
        let model = try ResolvedModel.resolve(data)
        let likelihood = PatientLikelihood(observations: observations, model: model, counter: nil)
        // One rule per segmentation: T1Gd at θ_T1's upper bound 0.8 with the T1Gd lesion, FLAIR at θ_FL's
        // upper bound 0.6 with the FLAIR (∪ T1Gd) lesion.
        #expect(likelihood.truncation.count == 2)
        let h = 2.0
        for (rule, (theta, lesion)) in zip(likelihood.truncation, [(0.8, observations.largestT1GdLesionVoxelCount),
                                                                   (0.6, observations.largestFLAIRLesionVoxelCount)]) {
            #expect(rule.threshold == theta)
            #expect(lesion > 0)
            let radius = pow(3 * lesion * h * h * h / (4 * Double.pi), 1.0 / 3)
            #expect(abs(rule.voxelCount - 4 / 3 * Double.pi * pow(1.5 * radius + 3 * h, 3) / (h * h * h)) < 1e-9)
        }
        #expect(observations.largestT1GdLesionVoxelCount < observations.largestFLAIRLesionVoxelCount)
        let free = [truth.D_w, truth.rho, truth.T, truth.x0[0], truth.x0[1], truth.x0[2], truth.theta_T1, truth.theta_FL]
        let full = model.fullVector(free: free)
        guard case .ready(let run) = likelihood.trajectory(full: full, maximumRescaledTime: likelihood.maximumRescaledTime) else {
            Issue.record("no run"); return
        }
        let stopped = run.isStoppedEarly
        #expect(stopped)
        let oldest = run.rescaledTimeLimit / truth.rho   // T beyond which the scan is no longer readable
        var p = free
        p[2] = oldest - 1
        #expect(likelihood.logDensity(p).isFinite)
        #expect(likelihood.logDensity(p) < likelihood.logDensity(free) - 50)   // far worse than the truth already
        p[2] = oldest + 1
        #expect(likelihood.logDensity(p) == -.infinity)
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
