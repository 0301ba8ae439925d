import Foundation
import Testing
@testable import Inference
import Probability

@Suite struct ReproducibilityTests {
    func draws(_ result: SamplingResult) -> [[Double]] { result.chains.map(\.positions) }

    /// Same seed, 1 thread vs 2 threads: bit-identical draws, for every sampler.
    @Test func identicalForAnyThreadCount() throws {
        let banana = KnownAnswer.banana
        let options = SamplingOptions(chains: 3, warmupIterations: 200, samplingIterations: 300, seed: 99)
        func run(_ threads: Int) throws -> [[[Double]]] {
            let execution = ExecutionOptions(threads: threads)
            let rwm = try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
                target: .shared(banana), options: options, initialization: KnownAnswer.broadStart(2), execution: execution)
            let ensemble = try EnsembleSampler<ReferenceTargets.Banana>(walkers: 10).sample(
                target: .shared(banana), options: options, initialization: KnownAnswer.broadStart(2), execution: execution)
            let da = try DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.Banana>().sample(
                target: .shared(DelayedAcceptanceTests.tempered(banana)), options: options,
                initialization: KnownAnswer.broadStart(2), execution: execution)
            let split = ReferenceTargets.GaussianReferenceSplit(banana)
            let tmcmc = try TransitionalMCMC<ReferenceTargets.GaussianReferenceSplit<ReferenceTargets.Banana>>(particles: 200).sample(
                target: .shared(split), options: options, initialization: .draw { split.samplePrior(using: &$0) },
                execution: execution)
            return [draws(rwm), draws(ensemble), draws(da), draws(tmcmc)]
        }
        let one = try run(1)
        let two = try run(2)
        #expect(one == two)
        #expect(one[0] != one[2])  // different samplers really differ
    }

    /// One instance per worker, never shared: a target that detects concurrent use of itself.
    @Test func eachWorkerGetsItsOwnInstance() throws {
        final class Exclusive: LogDensity, @unchecked Sendable {
            let dimension = 2
            var busy = false
            var overlaps = 0
            func logDensity(_ x: [Double]) -> Double {
                if busy { overlaps += 1 }
                busy = true
                defer { busy = false }
                return -0.5 * (x[0] * x[0] + x[1] * x[1])
            }
        }
        let made = MadeInstances()
        _ = try EnsembleSampler<Exclusive>(walkers: 16).sample(
            target: LogDensityFactory { _ in made.add(Exclusive()) },
            options: SamplingOptions(warmupIterations: 10, samplingIterations: 200, seed: 3),
            initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(threads: 2))
        #expect(made.instances.count == 2)
        #expect(made.instances.allSatisfy { ($0 as? Exclusive)?.overlaps == 0 })
    }
}

final class MadeInstances: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var instances: [AnyObject] = []
    func add<T: AnyObject>(_ x: T) -> T {
        lock.lock()
        defer { lock.unlock() }
        instances.append(x)
        return x
    }
}

@Suite struct RunnerBehaviourTests {
    @Test func convergenceRuleStopsBeforeBudget() throws {
        var checks = 0
        let result = try AdaptiveMetropolis<ReferenceTargets.NonCentredFunnel>().sample(
            target: .shared(ReferenceTargets.NonCentredFunnel(dimension: 2)),
            options: SamplingOptions(chains: 4, warmupIterations: 500, samplingIterations: 100_000, seed: 8,
                                     convergence: ConvergenceRule(maximumRHat: 1.01, minimumBulkESS: 400, checkInterval: 250)),
            initialization: KnownAnswer.broadStart(2),
            execution: ExecutionOptions(progress: { p in
                if p.maximumRHat != nil && (p.iteration - 500) % 250 == 0 { checks += 1 }
                return .continue
            }))
        #expect(result.stopReason == .converged)
        #expect(result.iterations < 500 + 100_000)
        #expect((result.iterations - 500) % 250 == 0)
        for j in 0..<2 {
            #expect(Diagnostics.rankNormalizedSplitRHat(result.traces(coordinate: j)) < 1.01)
            #expect(Diagnostics.bulkEffectiveSampleSize(result.traces(coordinate: j)) >= 400)
        }
        #expect(checks >= 1)
    }

    /// The rule runs on the monitored quantities when a map is given: a map to a quantity that can never
    /// converge (NaN counts as failing) runs the whole budget, and a map to a monotone function of one
    /// coordinate stops exactly where the identity does (rank-based R̂/ESS are invariant to it).
    @Test func convergenceRuleUsesMonitoredQuantities() throws {
        func run(_ map: (@Sendable ([Double]) -> [Double])?) throws -> SamplingResult {
            try AdaptiveMetropolis<ReferenceTargets.NonCentredFunnel>().sample(
                target: .shared(ReferenceTargets.NonCentredFunnel(dimension: 2)),
                options: SamplingOptions(chains: 4, warmupIterations: 500, samplingIterations: 20_000, seed: 8,
                                         convergence: ConvergenceRule(maximumRHat: 1.01, minimumBulkESS: 400, checkInterval: 250)),
                initialization: KnownAnswer.broadStart(2), execution: ExecutionOptions(monitoredQuantities: map))
        }
        let plain = try run(nil)
        #expect(plain.stopReason == .converged)
        #expect(try run { _ in [.nan] }.stopReason == .budget)
        let monotone = try run { x in [exp(x[0]), x[1] * 3 + 1] }
        #expect(monotone.stopReason == .converged && monotone.iterations == plain.iterations)
    }

    @Test func progressCallbackCanStop() throws {
        let result = try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
            target: .shared(KnownAnswer.banana), options: SamplingOptions(chains: 2, warmupIterations: 10, samplingIterations: 1000, seed: 1),
            initialization: .points([[0, 0]]), execution: ExecutionOptions(progress: { $0.iteration >= 60 ? .stop : .continue }))
        #expect(result.stopReason == .requested)
        #expect(result.iterations == 60 && result.chains[0].count == 50)
    }

    @Test func thinningKeepsEveryKthIteration() throws {
        let options = SamplingOptions(chains: 1, warmupIterations: 20, samplingIterations: 100, seed: 4)
        var thinned = options
        thinned.thin = 5
        let full = try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
            target: .shared(KnownAnswer.banana), options: options, initialization: .points([[0, 0]]), execution: ExecutionOptions())
        let kept = try AdaptiveMetropolis<ReferenceTargets.Banana>().sample(
            target: .shared(KnownAnswer.banana), options: thinned, initialization: .points([[0, 0]]), execution: ExecutionOptions())
        #expect(kept.chains[0].count == 20)
        #expect(kept.chains[0].draw(0) == full.chains[0].draw(4) && kept.chains[0].draw(19) == full.chains[0].draw(99))
    }

    /// A model that returns NaN on a half-plane: proposals there are rejected, tallied, and the
    /// draws are those of the target restricted to the other half (no NaN ever kept).
    @Test func nanDuringSamplingIsRejectedAndTallied() throws {
        let target = ClosureLogDensity(dimension: 2) { x in x[0] > 1 ? .nan : -0.5 * (x[0] * x[0] + x[1] * x[1]) }
        let result = try AdaptiveMetropolis<ClosureLogDensity>().sample(
            target: .shared(target), options: SamplingOptions(chains: 2, warmupIterations: 200, samplingIterations: 2000, seed: 6),
            initialization: .points([[0, 0]]), execution: ExecutionOptions())
        #expect(result.totalCounters.nonFiniteProposals > 0)
        #expect(result.chains.allSatisfy { c in c.logDensities.allSatisfy(\.isFinite) && c.coordinate(0).allSatisfy { $0 <= 1 } })
    }

    @Test func initialisationRetriesThenFailsWithTypedError() throws {
        // Finite only for x > 0: half of the N(0, 10²) draws succeed, so retries find a start.
        let half = ClosureLogDensity(dimension: 1) { x in x[0] > 0 ? -x[0] : -.infinity }
        let ok = try AdaptiveMetropolis<ClosureLogDensity>().sample(
            target: .shared(half), options: SamplingOptions(chains: 4, warmupIterations: 10, samplingIterations: 10, seed: 2),
            initialization: KnownAnswer.broadStart(1), execution: ExecutionOptions())
        #expect(ok.chains.count == 4)
        let never = ClosureLogDensity(dimension: 1) { _ in .nan }
        #expect(throws: InferenceError.initializationFailed(unit: 0, attempts: 7)) {
            try AdaptiveMetropolis<ClosureLogDensity>().sample(
                target: .shared(never),
                options: SamplingOptions(chains: 2, warmupIterations: 10, samplingIterations: 10, seed: 2, initializationAttempts: 7),
                initialization: KnownAnswer.broadStart(1), execution: ExecutionOptions())
        }
        #expect(throws: InferenceError.initialPositionsNotFinite(units: [1])) {
            try AdaptiveMetropolis<ClosureLogDensity>().sample(
                target: .shared(half), options: SamplingOptions(chains: 2, warmupIterations: 10, samplingIterations: 10, seed: 2),
                initialization: .points([[1], [-1]]), execution: ExecutionOptions())
        }
    }
}

@Suite struct GeneratorStreamsTests {
    @Test func successiveJumpsEqualDirectStreams() {
        let streams = Xoshiro256StarStar.streams(seed: 77, first: 3, count: 4)
        #expect(streams == (3..<7).map { Xoshiro256StarStar(seed: 77, stream: $0) })
        #expect(Xoshiro256StarStar.streams(seed: 77, count: 0).isEmpty)
    }

    @Test func summariesUseNaturalScaleNames() throws {
        let space = ParameterSpace([Parameter("rate", prior: .logNormal(logMean: 0, logStandardDeviation: 0.5)),
                                    Parameter("x", size: 2, prior: .normal(mean: 0, standardDeviation: 1))])
        let posterior = Posterior(space: space, likelihood: ClosureLogDensity(dimension: 3) { _ in 0 })
        let result = try AdaptiveMetropolis<Posterior<ClosureLogDensity>>().sample(
            target: .shared(posterior), options: SamplingOptions(chains: 4, warmupIterations: 1_000, samplingIterations: 4_000, seed: 12),
            initialization: .draw { space.samplePriorUnconstrained(using: &$0) }, execution: ExecutionOptions(threads: 2))
        let summaries = result.summaries(space: space)
        #expect(summaries.map(\.name) == ["rate", "x.1", "x.2"])
        // Prior only: rate ~ LogNormal(0, 0.5²) has mean exp(0.125) ≈ 1.1331; within 5 MCSE.
        #expect(abs(summaries[0].mean - Foundation.exp(0.125)) <= 5 * summaries[0].mcseMean)
        #expect(abs(summaries[1].mean) <= 5 * summaries[1].mcseMean)
    }
}
