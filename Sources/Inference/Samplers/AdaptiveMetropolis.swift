import Probability

/// Adaptive random-walk Metropolis, one independent chain per requested chain.
///
/// Each chain proposes `y = x + λ·L·z` with its own ``AdaptiveProposal`` (Haario, Saksman & Tamminen
/// 2001, Bernoulli 7(2):223–242, with the Robbins–Monro global scale of Andrieu & Thoms 2008) and
/// accepts with probability `min(1, π(y)/π(x))`. Σ and λ adapt only during warm-up; afterwards the chain
/// is an ordinary (reversible) Metropolis chain, so post-warm-up draws are exact for π.
/// Chains run in parallel; chain k draws only from stream k, so the draws do not depend on threads.
public struct AdaptiveMetropolis<Target: LogDensity>: MarkovKernel, Sampler {
    /// Per-coordinate standard deviations of the initial proposal covariance (before adaptation);
    /// nil means 1 for every coordinate (a sensible scale for unconstrained, roughly standardised models).
    public var initialProposalStandardDeviations: [Double]?

    public init(initialProposalStandardDeviations: [Double]? = nil) {
        precondition(initialProposalStandardDeviations?.allSatisfy { $0 > 0 && $0.isFinite } ?? true,
                     "initial proposal standard deviations must be positive and finite")
        self.initialProposalStandardDeviations = initialProposalStandardDeviations
    }

    public var name: String { "adaptive-metropolis" }

    public var settings: [String: String] {
        ["target_acceptance": "\(AdaptiveProposal.targetAcceptance)",
         "initial_proposal_sd": initialProposalStandardDeviations.map { $0.map { "\($0)" }.joined(separator: " ") } ?? "1"]
    }

    public struct Chain: Sendable, Codable, Equatable {
        var generator: Xoshiro256StarStar
        var point: ChainPoint
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

    public func startingLogDensity(_ target: Target, at x: [Double]) -> Double { target.logDensity(x) }

    public func makeState(positions: [[Double]], generators: [Xoshiro256StarStar], seed: UInt64,
                          targets: WorkerPool<Target>) -> State {
        let dimension = positions[0].count
        let sds = initialProposalStandardDeviations ?? [Double](repeating: 1, count: dimension)
        var chains = zip(positions, generators).map { position, generator in
            Chain(generator: generator, point: ChainPoint(position: position, logDensity: .nan, acceptStat: 1),
                  proposal: AdaptiveProposal(initialStandardDeviations: sds), counters: SamplerCounters())
        }
        targets.forEach(&chains) { chain, target in
            chain.point.logDensity = target.logDensity(chain.point.position)
            chain.counters.logDensityEvaluations += 1
        }
        return State(chains: chains)
    }

    public func step(_ state: inout State, iteration: Int, warmupIterations: Int, targets: WorkerPool<Target>) {
        let isWarmup = iteration < warmupIterations
        targets.forEach(&state.chains) { chain, target in
            let proposal = chain.proposal.propose(from: chain.point.position, using: &chain.generator)
            let proposed = target.logDensity(proposal)
            chain.counters.logDensityEvaluations += 1
            chain.counters.proposals += 1
            let decision = metropolisDecision(proposed: proposed, current: chain.point.logDensity, counters: &chain.counters,
                                              using: &chain.generator)
            if decision.accepted {
                chain.point.position = proposal
                chain.point.logDensity = proposed
                chain.counters.accepted += 1
            }
            chain.point.acceptStat = decision.statistic
            if isWarmup {
                chain.proposal.adapt(iteration: iteration, warmupIterations: warmupIterations,
                                     acceptance: decision.statistic, position: chain.point.position)
            }
        }
    }

    public func currentPoints(of state: State) -> [ChainPoint] { state.chains.map(\.point) }

    public func counters(of state: State) -> [SamplerCounters] { state.chains.map(\.counters) }
}
