import Foundation
import Testing
@testable import Inference
import Probability

/// Known-answer tests for the ensemble. Walkers are reported as chains (22 for d = 10). Correlation
/// between walkers is ignored by the multi-chain MCSE, so tolerances use k = 5 standard errors.
/// The affine-invariant moves do not care about the Gaussian's conditioning, so a short burn-in suffices.
@Suite struct EnsembleSamplerTests {
    @Test func correlatedGaussian10D() throws {
        let result = try EnsembleSampler<ReferenceTargets.Gaussian>().sample(
            target: .shared(KnownAnswer.gaussian),
            options: SamplingOptions(warmupIterations: 1_000, samplingIterations: 2_000, seed: 21),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        #expect(result.chains.count == 22)
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.gaussian.mean, covariance: KnownAnswer.gaussianCovariance)
    }

    @Test func banana() throws {
        let result = try EnsembleSampler<ReferenceTargets.Banana>(walkers: 16).sample(
            target: .shared(KnownAnswer.banana),
            options: SamplingOptions(warmupIterations: 500, samplingIterations: 3_000, seed: 22),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.banana.mean, covariance: KnownAnswer.banana.covariance)
    }

    @Test func nonCentredFunnel() throws {
        let result = try EnsembleSampler<ReferenceTargets.NonCentredFunnel>().sample(
            target: .shared(KnownAnswer.funnel),
            options: SamplingOptions(warmupIterations: 500, samplingIterations: 1_500, seed: 23),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: [Double](repeating: 0, count: 10), covariance: KnownAnswer.identity10)
    }

    @Test func gaussianMixture() throws {
        let moments = KnownAnswer.mixture.posteriorMoments
        let result = try EnsembleSampler<ReferenceTargets.GaussianMixture>(walkers: 16).sample(
            target: .shared(KnownAnswer.mixture),
            options: SamplingOptions(warmupIterations: 500, samplingIterations: 3_000, seed: 24),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: moments.mean, covariance: moments.covariance)
    }

    /// emcee's habit: each move alone on a standard normal with a fixed seed.
    @Test(arguments: [EnsembleMove.stretch, .differentialEvolution])
    func eachMoveAloneOnStandardNormal(move: EnsembleMove) throws {
        let target = ReferenceTargets.NonCentredFunnel(dimension: 3)
        let result = try EnsembleSampler<ReferenceTargets.NonCentredFunnel>(walkers: 12, moves: [(move, 1)]).sample(
            target: .shared(target), options: SamplingOptions(warmupIterations: 300, samplingIterations: 2_000, seed: 25),
            initialization: KnownAnswer.broadStart(3), execution: ExecutionOptions())
        Check.enoughDraws(result)
        Check.moments(result, mean: [0, 0, 0], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    }

    @Test func guardRails() {
        let target = ReferenceTargets.NonCentredFunnel(dimension: 5)
        let options = SamplingOptions(warmupIterations: 1, samplingIterations: 1, seed: 1)
        #expect(throws: InferenceError.invalidConfiguration("fewer walkers than 2×dimension: 8 walkers for dimension 5")) {
            try EnsembleSampler<ReferenceTargets.NonCentredFunnel>(walkers: 8).sample(
                target: .shared(target), options: options, initialization: KnownAnswer.broadStart(5), execution: ExecutionOptions())
        }
        #expect(throws: InferenceError.invalidConfiguration("the number of walkers must be even, got 11")) {
            try EnsembleSampler<ReferenceTargets.NonCentredFunnel>(walkers: 11).sample(
                target: .shared(target), options: options, initialization: KnownAnswer.broadStart(5), execution: ExecutionOptions())
        }
        let bad = [[Double]](repeating: [0, 0, 0, 0, 0], count: 11) + [[.nan, 0, 0, 0, 0]]
        #expect(throws: InferenceError.initialPositionsNotFinite(units: [11])) {
            try EnsembleSampler<ClosureLogDensity>(walkers: 12).sample(
                target: .shared(ClosureLogDensity(dimension: 5) { x in x[0].isNaN ? .nan : 0 }),
                options: options, initialization: .points(bad), execution: ExecutionOptions())
        }
    }
}
