import Probability

/// A log-density whose expensive part depends only on some of the coordinates (the "slow" ones).
///
/// Typical case: a forward model that depends on a few parameters, followed by cheap observation terms in
/// all of them. ``prepare(_:)`` computes the expensive part at `x`; ``logDensity(_:given:)`` finishes the
/// evaluation at any point with the *same slow coordinates*, cheaply. ``FastSlowMetropolis`` uses this to
/// make many moves of the fast coordinates per expensive evaluation.
///
/// Contract (besides ``LogDensity``'s): `prepare(x)` depends only on `x[i]` for `i` in
/// ``slowCoordinates``, and `logDensity(y, given: prepare(x)) == logDensity(y)` whenever `y` and `x`
/// agree on those coordinates. An instance may memoise ``prepare(_:)`` (keyed by the slow coordinates):
/// the values must not depend on whether it did.
public protocol SplitLogDensity: LogDensity {
    /// The expensive part at one value of the slow coordinates.
    associatedtype Prepared
    /// Indices of the coordinates the expensive part depends on (ascending, distinct, not all of them).
    var slowCoordinates: [Int] { get }
    /// The expensive part at `x`.
    func prepare(_ x: [Double]) -> Prepared
    /// `log π(x)` given the expensive part prepared at a point with the same slow coordinates.
    func logDensity(_ x: [Double], given prepared: Prepared) -> Double
}

extension SplitLogDensity {
    /// `log π(x)`: prepare, then finish.
    public func logDensity(_ x: [Double]) -> Double { logDensity(x, given: prepare(x)) }

    /// The coordinates not in ``slowCoordinates``.
    public var fastCoordinates: [Int] {
        let slow = Set(slowCoordinates)
        return (0..<dimension).filter { !slow.contains($0) }
    }
}

/// Metropolis-within-Gibbs for a ``SplitLogDensity``: each iteration makes one adaptive random-walk
/// move of the **slow** coordinates that carries the fast ones along with it (one expensive
/// evaluation), then `fastMoves` adaptive random-walk moves of the **fast** coordinates only, each
/// reusing the expensive part prepared at the current slow coordinates (cheap).
///
/// The slow move is a leading-block move of an ``AdaptiveProposal`` over all coordinates ordered slow
/// first: it moves the slow coordinates by `Δ ~ N(0, λ²Σ_ss)` and the fast ones by their regression
/// `Σ_fs Σ_ss⁻¹ Δ` on it (Σ the chain's learned covariance), so a change of the slow coordinates comes
/// with the change of the fast ones that keeps the fit (in the patient model: a longer invasion length
/// with a younger rescaled age), at the step size of a k-dimensional walk (k slow coordinates) rather
/// than a d-dimensional one. The fast moves explore, at a fraction of the cost, the directions along
/// which the expensive part does not change (in the patient model: proliferation rate at a fixed
/// invasion length and rescaled age, and the imaging parameters).
///
/// Each move is a Metropolis update with a symmetric proposal that leaves π invariant (the fast moves
/// update the full conditional of the fast block), so their composition does too (a deterministic-scan
/// sweep, e.g. Robert & Casella 2004, §10.3). Both proposals adapt (Haario et al. 2001 covariance,
/// Andrieu & Thoms 2008 scale) only during warm-up, so the post-warm-up chain is an ordinary MCMC chain
/// and exact for π.
///
/// Counters: ``SamplerCounters/proposals`` / ``SamplerCounters/accepted`` count the slow moves,
/// ``SamplerCounters/fastProposals`` / ``SamplerCounters/fastAccepted`` the fast ones, and
/// ``SamplerCounters/logDensityEvaluations`` the expensive preparations the kernel asked for
/// (memoised ones included). `accept_stat__` is the slow move's acceptance probability.
/// Chains run in parallel; chain k draws only from stream k, so draws do not depend on threads.
public struct FastSlowMetropolis<Target: SplitLogDensity>: MarkovKernel, Sampler {
    /// Fast-coordinate moves per iteration (after the slow move).
    public var fastMoves: Int
    /// Per-coordinate standard deviations of the initial proposal covariances; nil means 1.
    public var initialProposalStandardDeviations: [Double]?

    public init(fastMoves: Int = 10, initialProposalStandardDeviations: [Double]? = nil) {
        precondition(fastMoves >= 0, "fastMoves must be ≥ 0, got \(fastMoves)")
        precondition(initialProposalStandardDeviations?.allSatisfy { $0 > 0 && $0.isFinite } ?? true,
                     "initial proposal standard deviations must be positive and finite")
        self.fastMoves = fastMoves
        self.initialProposalStandardDeviations = initialProposalStandardDeviations
    }

    public var name: String { "fast-slow-metropolis" }

    public var settings: [String: String] {
        ["target_acceptance": "\(AdaptiveProposal.targetAcceptance)",
         "fast_moves": "\(fastMoves)",
         "initial_proposal_sd": initialProposalStandardDeviations.map { $0.map { "\($0)" }.joined(separator: " ") } ?? "1"]
    }

    public struct Chain: Sendable, Codable, Equatable {
        var generator: Xoshiro256StarStar
        var point: ChainPoint
        var proposal: AdaptiveProposal
        var fastProposal: AdaptiveProposal?
        var counters: SamplerCounters
    }

    public struct State: Sendable, Codable, Equatable {
        var chains: [Chain]
        /// Indices of the fast coordinates (fixed for the run).
        var fast: [Int]
        /// The slow coordinates, then the fast ones: the slow proposal's coordinate order.
        var order: [Int]
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
        let slow = targets.first.slowCoordinates
        precondition(slow.allSatisfy { $0 >= 0 && $0 < dimension } && Set(slow).count == slow.count,
                     "slow coordinates must be distinct indices below \(dimension)")
        let fast = targets.first.fastCoordinates
        let order = slow.sorted() + fast
        let sds = initialProposalStandardDeviations ?? [Double](repeating: 1, count: dimension)
        var chains = zip(positions, generators).map { position, generator in
            Chain(generator: generator, point: ChainPoint(position: position, logDensity: .nan, acceptStat: 1),
                  proposal: AdaptiveProposal(initialStandardDeviations: order.map { sds[$0] }, activeDimension: max(1, slow.count)),
                  fastProposal: fast.isEmpty ? nil : AdaptiveProposal(initialStandardDeviations: fast.map { sds[$0] }),
                  counters: SamplerCounters())
        }
        targets.forEach(&chains) { chain, target in
            chain.point.logDensity = target.logDensity(chain.point.position)
            chain.counters.logDensityEvaluations += 1
        }
        return State(chains: chains, fast: fast, order: order)
    }

    public func step(_ state: inout State, iteration: Int, warmupIterations: Int, targets: WorkerPool<Target>) {
        let isWarmup = iteration < warmupIterations
        let fast = state.fast, order = state.order, fastMoves = fastMoves
        targets.forEach(&state.chains) { chain, target in
            // 1. Slow move carrying the fast coordinates along (expensive); the proposal works in `order`.
            let moved = chain.proposal.propose(from: order.map { chain.point.position[$0] }, using: &chain.generator)
            var proposal = chain.point.position
            for (k, i) in order.enumerated() { proposal[i] = moved[k] }
            let proposedPart = target.prepare(proposal)
            let proposed = target.logDensity(proposal, given: proposedPart)
            chain.counters.logDensityEvaluations += 1
            chain.counters.proposals += 1
            let decision = metropolisDecision(proposed: proposed, current: chain.point.logDensity, counters: &chain.counters,
                                              using: &chain.generator)
            var current: Target.Prepared? = nil
            if decision.accepted {
                chain.point.position = proposal
                chain.point.logDensity = proposed
                chain.counters.accepted += 1
                current = proposedPart
            }
            chain.point.acceptStat = decision.statistic
            if isWarmup {
                chain.proposal.adapt(iteration: iteration, warmupIterations: warmupIterations,
                                     acceptance: decision.statistic, position: order.map { chain.point.position[$0] })
            }
            // 2. Fast moves at the current slow coordinates (cheap).
            guard fastMoves > 0, var fastProposal = chain.fastProposal else { return }
            let part = current ?? target.prepare(chain.point.position)
            if current == nil { chain.counters.logDensityEvaluations += 1 }
            var sub = fast.map { chain.point.position[$0] }
            for _ in 0..<fastMoves {
                let moved = fastProposal.propose(from: sub, using: &chain.generator)
                var y = chain.point.position
                for (k, i) in fast.enumerated() { y[i] = moved[k] }
                let value = target.logDensity(y, given: part)
                chain.counters.fastProposals += 1
                let d = metropolisDecision(proposed: value, current: chain.point.logDensity, counters: &chain.counters,
                                           using: &chain.generator)
                if d.accepted {
                    chain.point.position = y
                    chain.point.logDensity = value
                    sub = moved
                    chain.counters.fastAccepted += 1
                }
                if isWarmup {
                    fastProposal.adapt(iteration: iteration, warmupIterations: warmupIterations,
                                       acceptance: d.statistic, position: sub)
                }
            }
            chain.fastProposal = fastProposal
        }
    }

    public func currentPoints(of state: State) -> [ChainPoint] { state.chains.map(\.point) }

    public func counters(of state: State) -> [SamplerCounters] { state.chains.map(\.counters) }
}
