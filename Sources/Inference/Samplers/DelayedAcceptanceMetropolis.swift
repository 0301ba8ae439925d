import Probability

/// A cheap approximation and the exact log-density, for ``DelayedAcceptanceMetropolis``.
/// `logDensity` is the expensive (exact) one, so starting points are checked against it.
public struct DelayedAcceptanceTarget<Cheap: LogDensity, Expensive: LogDensity>: LogDensity {
    /// The approximation π* (e.g. a coarse-grid forward model). Must be positive wherever `expensive` is.
    public let cheap: Cheap
    /// The exact target π.
    public let expensive: Expensive

    public init(cheap: Cheap, expensive: Expensive) {
        precondition(cheap.dimension == expensive.dimension,
                     "cheap dimension \(cheap.dimension) differs from expensive dimension \(expensive.dimension)")
        self.cheap = cheap
        self.expensive = expensive
    }

    public var dimension: Int { expensive.dimension }
    public func logDensity(_ x: [Double]) -> Double { expensive.logDensity(x) }
}

extension DelayedAcceptanceTarget: Sendable where Cheap: Sendable, Expensive: Sendable {}

/// Two-stage delayed-acceptance Metropolis (Christen & Fox 2005, "Markov chain Monte Carlo using an
/// approximation", J. Comput. Graph. Stat. 14(4):795–810), with the adaptive random-walk proposal of
/// ``AdaptiveMetropolis``.
///
/// Stage 1 screens a symmetric proposal y with the cheap density π*:
/// `α₁ = min(1, π*(y)/π*(x))`. Only survivors pay for the exact density, accepted with
/// `α₂ = min(1, π(y)·π*(x) / (π(x)·π*(y)))`. The composite kernel satisfies detailed balance with
/// respect to π exactly, whatever the quality of π* (which only affects efficiency), provided π* > 0
/// wherever π > 0. Reported: stage-1 and stage-2 acceptance and the expensive evaluations saved
/// (proposals rejected at stage 1), in ``SamplerCounters``.
///
/// `accept_stat__` is `α₁·α₂` when stage 2 ran, and 0 when stage 1 rejected.
public struct DelayedAcceptanceMetropolis<Cheap: LogDensity, Expensive: LogDensity>: MarkovKernel, Sampler {
    public typealias Target = DelayedAcceptanceTarget<Cheap, Expensive>

    /// Per-coordinate standard deviations of the initial proposal covariance; nil means 1.
    public var initialProposalStandardDeviations: [Double]?

    public init(initialProposalStandardDeviations: [Double]? = nil) {
        precondition(initialProposalStandardDeviations?.allSatisfy { $0 > 0 && $0.isFinite } ?? true,
                     "initial proposal standard deviations must be positive and finite")
        self.initialProposalStandardDeviations = initialProposalStandardDeviations
    }

    public var name: String { "delayed-acceptance" }

    public var settings: [String: String] {
        ["target_acceptance": "\(AdaptiveProposal.targetAcceptance)",
         "initial_proposal_sd": initialProposalStandardDeviations.map { $0.map { "\($0)" }.joined(separator: " ") } ?? "1"]
    }

    public struct Chain: Sendable, Codable, Equatable {
        var generator: Xoshiro256StarStar
        var point: ChainPoint
        var cheapLogDensity: Double
        var proposal: AdaptiveProposal
        var counters: SamplerCounters
    }

    public struct State: Sendable, Codable, Equatable {
        var chains: [Chain]
    }

    public func dimension(of target: Target) -> Int { target.dimension }

    public func unitCount(chains: Int, dimension: Int) -> Int { chains }

    public func validate(chains: Int, dimension: Int) throws(InferenceError) {
        if let sds = initialProposalStandardDeviations, sds.count != dimension {
            throw .invalidConfiguration("initial proposal scales have \(sds.count) entries for a \(dimension)-dimensional target")
        }
    }

    /// Both densities must be finite at a starting point (their sum is finite iff both are).
    public func startingLogDensity(_ target: Target, at x: [Double]) -> Double {
        target.cheap.logDensity(x) + target.expensive.logDensity(x)
    }

    public func makeState(positions: [[Double]], generators: [Xoshiro256StarStar], seed: UInt64,
                          targets: WorkerPool<Target>) -> State {
        let dimension = positions[0].count
        let sds = initialProposalStandardDeviations ?? [Double](repeating: 1, count: dimension)
        var chains = zip(positions, generators).map { position, generator in
            Chain(generator: generator, point: ChainPoint(position: position, logDensity: .nan, acceptStat: 1),
                  cheapLogDensity: .nan, proposal: AdaptiveProposal(initialStandardDeviations: sds),
                  counters: SamplerCounters())
        }
        targets.forEach(&chains) { chain, target in
            chain.point.logDensity = target.expensive.logDensity(chain.point.position)
            chain.cheapLogDensity = target.cheap.logDensity(chain.point.position)
            chain.counters.logDensityEvaluations += 1
            chain.counters.cheapEvaluations += 1
        }
        return State(chains: chains)
    }

    public func step(_ state: inout State, iteration: Int, warmupIterations: Int, targets: WorkerPool<Target>) {
        let isWarmup = iteration < warmupIterations
        targets.forEach(&state.chains) { chain, target in
            let proposal = chain.proposal.propose(from: chain.point.position, using: &chain.generator)
            chain.counters.proposals += 1
            // Stage 1: the cheap screen.
            let cheapProposed = target.cheap.logDensity(proposal)
            chain.counters.cheapEvaluations += 1
            var logRatio1 = cheapProposed - chain.cheapLogDensity
            if isFailedLogDensity(cheapProposed) {
                chain.counters.nonFiniteProposals += 1
                logRatio1 = .nan
            }
            let stage1 = metropolisAccept(logRatio: logRatio1, using: &chain.generator)
            var statistic = 0.0
            if stage1.accepted {
                // Stage 2: the exact correction.
                chain.counters.stageOneAccepted += 1
                let proposed = target.expensive.logDensity(proposal)
                chain.counters.logDensityEvaluations += 1
                var logRatio2 = (proposed - chain.point.logDensity) - logRatio1
                if isFailedLogDensity(proposed) {
                    chain.counters.nonFiniteProposals += 1
                    logRatio2 = .nan
                }
                let stage2 = metropolisAccept(logRatio: logRatio2, using: &chain.generator)
                statistic = stage1.statistic * stage2.statistic
                if stage2.accepted {
                    chain.point.position = proposal
                    chain.point.logDensity = proposed
                    chain.cheapLogDensity = cheapProposed
                    chain.counters.accepted += 1
                }
            }
            chain.point.acceptStat = statistic
            if isWarmup {
                chain.proposal.adapt(iteration: iteration, warmupIterations: warmupIterations,
                                     acceptance: statistic, position: chain.point.position)
            }
        }
    }

    public func currentPoints(of state: State) -> [ChainPoint] { state.chains.map(\.point) }

    public func counters(of state: State) -> [SamplerCounters] { state.chains.map(\.counters) }
}
