import Foundation
import Testing
@testable import Inference
import Probability

/// Known-answer tests. Sizes: 4 chains; the 10-D correlated Gaussian (condition number ≈ 10³) needs a
/// long warm-up for the empirical covariance to settle (5 000 iterations), after
/// which RWM's ESS/iteration is ≈ 0.3/d, so 6 000 iterations × 4 chains give bulk-ESS of several hundred.
@Suite struct AdaptiveMetropolisTests {
    @Test func correlatedGaussian10D() throws {
        let result = try AdaptiveMetropolis<ReferenceTargets.Gaussian>().sample(
            target: .shared(KnownAnswer.gaussian),
            options: SamplingOptions(chains: 4, warmupIterations: 5_000, samplingIterations: 6_000, seed: 11),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.gaussian.mean, covariance: KnownAnswer.gaussianCovariance)
        // Scale adaptation reaches its target on average.
        let stats: [Double] = result.chains.flatMap(\.acceptStats)
        let meanAcceptance = stats.reduce(0, +) / Double(stats.count)
        #expect(abs(meanAcceptance - 0.234) < 0.1)
    }

    @Test func banana() throws {
        let result = try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
            target: .shared(KnownAnswer.banana),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 10_000, seed: 12),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.banana.mean, covariance: KnownAnswer.banana.covariance)
    }

    @Test func nonCentredFunnel() throws {
        let result = try AdaptiveMetropolis<ReferenceTargets.NonCentredFunnel>().sample(
            target: .shared(KnownAnswer.funnel),
            options: SamplingOptions(chains: 4, warmupIterations: 3_000, samplingIterations: 6_000, seed: 13),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: [Double](repeating: 0, count: 10), covariance: KnownAnswer.identity10)
    }

    @Test func gaussianMixture() throws {
        let moments = KnownAnswer.mixture.posteriorMoments
        let result = try AdaptiveMetropolis<ReferenceTargets.GaussianMixture>().sample(
            target: .shared(KnownAnswer.mixture),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 10_000, seed: 14),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: moments.mean, covariance: moments.covariance)
    }

    @Test func adaptationStopsAfterWarmup() throws {
        var result: [SamplingResult] = []
        // Same seed, same warm-up, different sampling lengths: the longer run's prefix is the shorter run.
        for n in [100, 200] {
            result.append(try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
                target: .shared(KnownAnswer.banana),
                options: SamplingOptions(chains: 2, warmupIterations: 300, samplingIterations: n, seed: 5),
                initialization: .points([[0, 0]]), execution: ExecutionOptions()))
        }
        for c in 0..<2 {
            #expect(result[0].chains[c].positions == Array(result[1].chains[c].positions.prefix(200)))
        }
    }
}
