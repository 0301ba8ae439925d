import Foundation
import Testing
@testable import Inference
import Probability

/// Delayed acceptance must be exact for the expensive density whatever the cheap one is. The cheap
/// stage here is the target at temperature 0.8 (too wide), or for the mixture a single Gaussian
/// (the wrong shape altogether); the moments must still be those of the expensive target.
@Suite struct DelayedAcceptanceTests {
    static func tempered<T: LogDensity & Sendable>(_ target: T) -> DelayedAcceptanceTarget<ClosureLogDensity, T> {
        DelayedAcceptanceTarget(cheap: ClosureLogDensity(dimension: target.dimension) { 0.8 * target.logDensity($0) },
                                expensive: target)
    }

    @Test func correlatedGaussian10D() throws {
        let result = try DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.Gaussian>().sample(
            target: .shared(Self.tempered(KnownAnswer.gaussian)),
            options: SamplingOptions(chains: 4, warmupIterations: 5_000, samplingIterations: 6_000, seed: 31),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.gaussian.mean, covariance: KnownAnswer.gaussianCovariance)
        let c = result.totalCounters
        #expect(c.expensiveEvaluationsSaved == c.proposals - c.stageOneAccepted)
        #expect(c.expensiveEvaluationsSaved > 0)
        #expect(c.logDensityEvaluations == c.stageOneAccepted + 4)  // + one per chain at the start
        #expect(c.cheapEvaluations == c.proposals + 4)
    }

    @Test func banana() throws {
        let result = try DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.Banana>().sample(
            target: .shared(Self.tempered(KnownAnswer.banana)),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 10_000, seed: 32),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.banana.mean, covariance: KnownAnswer.banana.covariance)
    }

    @Test func nonCentredFunnel() throws {
        let result = try DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.NonCentredFunnel>().sample(
            target: .shared(Self.tempered(KnownAnswer.funnel)),
            options: SamplingOptions(chains: 4, warmupIterations: 3_000, samplingIterations: 6_000, seed: 33),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: [Double](repeating: 0, count: 10), covariance: KnownAnswer.identity10)
    }

    @Test func mixtureWithWrongShapedCheapStage() throws {
        let moments = KnownAnswer.mixture.posteriorMoments
        // A single broad Gaussian centred at the origin: positive everywhere, but not a mixture.
        let cheap = ClosureLogDensity(dimension: 2) { x in -0.5 * (x[0] * x[0] + x[1] * x[1]) / 4 }
        let result = try DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.GaussianMixture>().sample(
            target: .shared(DelayedAcceptanceTarget(cheap: cheap, expensive: KnownAnswer.mixture)),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 10_000, seed: 34),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: moments.mean, covariance: moments.covariance)
        let c = result.totalCounters
        #expect(c.stageOneAcceptanceRate > 0 && c.stageOneAcceptanceRate < 1)
        #expect(c.stageTwoAcceptanceRate > 0 && c.stageTwoAcceptanceRate < 1)
    }
}
