import Foundation
import Testing
@testable import Inference
import Probability

/// Known-answer tests of the fast–slow sampler on the reference targets split by
/// ``ReferenceTargets/SlowCoordinateSplit`` (which fails the run if a prepared part is ever reused at
/// other slow coordinates), plus its cost accounting and thread-count reproducibility.
@Suite struct FastSlowMetropolisTests {
    typealias Split<T: LogDensity> = ReferenceTargets.SlowCoordinateSplit<T>

    @Test func correlatedGaussian10D() throws {
        let target = Split(KnownAnswer.gaussian, slowCoordinates: [0, 1, 2, 3, 4])
        let result = try FastSlowMetropolis<Split<ReferenceTargets.Gaussian>>(fastMoves: 5).sample(
            target: .shared(target),
            options: SamplingOptions(chains: 4, warmupIterations: 5_000, samplingIterations: 5_000, seed: 21),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.gaussian.mean, covariance: KnownAnswer.gaussianCovariance)
        // Both scales adapt to their target acceptance.
        let c = result.totalCounters
        #expect(abs(c.acceptanceRate - 0.234) < 0.1)
        #expect(abs(c.fastAcceptanceRate - 0.234) < 0.1)
    }

    @Test func banana() throws {
        let target = Split(KnownAnswer.banana, slowCoordinates: [0])
        let result = try FastSlowMetropolis<Split<ReferenceTargets.Banana>>(fastMoves: 5).sample(
            target: .shared(target),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 8_000, seed: 22),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: KnownAnswer.banana.mean, covariance: KnownAnswer.banana.covariance)
    }

    @Test func nonCentredFunnel() throws {
        let target = Split(KnownAnswer.funnel, slowCoordinates: [0])
        let result = try FastSlowMetropolis<Split<ReferenceTargets.NonCentredFunnel>>(fastMoves: 5).sample(
            target: .shared(target),
            options: SamplingOptions(chains: 4, warmupIterations: 3_000, samplingIterations: 5_000, seed: 23),
            initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: [Double](repeating: 0, count: 10), covariance: KnownAnswer.identity10)
    }

    @Test func gaussianMixture() throws {
        let moments = KnownAnswer.mixture.posteriorMoments
        let target = Split(KnownAnswer.mixture, slowCoordinates: [1])
        let result = try FastSlowMetropolis<Split<ReferenceTargets.GaussianMixture>>(fastMoves: 5).sample(
            target: .shared(target),
            options: SamplingOptions(chains: 4, warmupIterations: 2_000, samplingIterations: 8_000, seed: 24),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        Check.enoughDraws(result)
        Check.moments(result, mean: moments.mean, covariance: moments.covariance)
    }

    /// One expensive preparation per slow move, plus one after each rejected slow move (the current
    /// point's); `fastMoves` cheap moves per iteration.
    @Test func costAccounting() throws {
        let target = Split(KnownAnswer.banana, slowCoordinates: [0])
        let result = try FastSlowMetropolis<Split<ReferenceTargets.Banana>>(fastMoves: 7).sample(
            target: .shared(target),
            options: SamplingOptions(chains: 2, warmupIterations: 100, samplingIterations: 200, seed: 3),
            initialization: .points([[0, 0]]), execution: ExecutionOptions())
        for c in result.counters {
            #expect(c.proposals == 300)
            #expect(c.fastProposals == 7 * 300)
            #expect(c.logDensityEvaluations == 1 + 300 + (300 - c.accepted))
        }
    }

    @Test func drawsDoNotDependOnThreads() throws {
        let target = Split(KnownAnswer.gaussian, slowCoordinates: [0, 5])
        let runs = try [1, 2, 3].map { threads in
            try FastSlowMetropolis<Split<ReferenceTargets.Gaussian>>(fastMoves: 3).sample(
                target: .shared(target),
                options: SamplingOptions(chains: 3, warmupIterations: 200, samplingIterations: 100, seed: 9),
                initialization: KnownAnswer.broadStart(10), execution: ExecutionOptions(threads: threads))
        }
        for c in 0..<3 {
            #expect(runs[0].chains[c].positions == runs[1].chains[c].positions)
            #expect(runs[0].chains[c].positions == runs[2].chains[c].positions)
        }
    }
}
