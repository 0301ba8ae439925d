import Probability

/// An affine-invariant ensemble sampler (emcee's algorithm; Foreman-Mackey et al. 2013, PASP 125:306):
/// `walkers` walkers move together; each iteration picks one ``EnsembleMove`` by the given weights and
/// updates the first half of the ensemble using the second half as the complement, then the second
/// half using the (updated) first half (Goodman & Weare 2010, §3 "parallel" variant).
///
/// Reproducibility: walker k draws only from stream k (its proposal partner, z, acceptance), and the move
/// choice comes from stream `walkers`; within a half, walkers read only the frozen complement, so the
/// half-updates run in parallel with results independent of the thread count.
///
/// Output: every walker is an output chain (as `arviz.from_emcee` does), so `options.chains` is ignored
/// when ``walkers`` is set; otherwise `walkers = max(2·d + 2, options.chains)` rounded up to even.
/// No adaptation: warm-up iterations are simply discarded.
public struct EnsembleSampler<Target: LogDensity>: MarkovKernel, Sampler {
    /// Number of walkers (even, ≥ 2·dimension); nil for the default above.
    public var walkers: Int?
    /// Moves and their relative weights (emcee's `moves=[(move, weight), ...]`).
    public var moves: [(move: EnsembleMove, weight: Double)]

    public init(walkers: Int? = nil,
                moves: [(move: EnsembleMove, weight: Double)] = [(.stretch, 0.7), (.differentialEvolution, 0.3)]) {
        precondition(!moves.isEmpty && moves.allSatisfy { $0.weight >= 0 } && moves.contains { $0.weight > 0 },
                     "moves need non-negative weights, at least one positive")
        self.walkers = walkers
        self.moves = moves
    }

    public var name: String { "ensemble" }

    public var settings: [String: String] {
        ["moves": moves.map { "\($0.move):\($0.weight)" }.joined(separator: " "),
         "walkers": walkers.map(String.init) ?? "default"]
    }

    public struct Walker: Sendable, Codable, Equatable {
        var generator: Xoshiro256StarStar
        var point: ChainPoint
        var counters: SamplerCounters
    }

    public struct State: Sendable, Codable, Equatable {
        var walkers: [Walker]
        var moveGenerator: Xoshiro256StarStar
    }

    public func dimension(of target: Target) -> Int { target.dimension }

    public func unitCount(chains: Int, dimension: Int) -> Int {
        if let walkers { return walkers }
        let n = max(2 * dimension + 2, chains)
        return n + n % 2
    }

    public func validate(chains: Int, dimension: Int) throws(InferenceError) {
        let n = unitCount(chains: chains, dimension: dimension)
        if n < 2 * dimension {
            throw .invalidConfiguration("fewer walkers than 2×dimension: \(n) walkers for dimension \(dimension)")
        }
        if n % 2 != 0 { throw .invalidConfiguration("the number of walkers must be even, got \(n)") }
        if n < 4 { throw .invalidConfiguration("the ensemble needs at least 4 walkers, got \(n)") }
    }

    public func startingLogDensity(_ target: Target, at x: [Double]) -> Double { target.logDensity(x) }

    public func makeState(positions: [[Double]], generators: [Xoshiro256StarStar], seed: UInt64,
                          targets: WorkerPool<Target>) -> State {
        var walkers = zip(positions, generators).map { position, generator in
            Walker(generator: generator, point: ChainPoint(position: position, logDensity: .nan, acceptStat: 1),
                   counters: SamplerCounters())
        }
        targets.forEach(&walkers) { walker, target in
            walker.point.logDensity = target.logDensity(walker.point.position)
            walker.counters.logDensityEvaluations += 1
        }
        return State(walkers: walkers, moveGenerator: Xoshiro256StarStar(seed: seed, stream: walkers.count))
    }

    public func step(_ state: inout State, iteration: Int, warmupIterations: Int, targets: WorkerPool<Target>) {
        let move = chooseMove(using: &state.moveGenerator)
        let n = state.walkers.count
        let half = n / 2
        let dimension = state.walkers[0].point.position.count
        for active in [0..<half, half..<n] {
            let passive = active.lowerBound == 0 ? half..<n : 0..<half
            var complement = [Double]()
            complement.reserveCapacity(passive.count * dimension)
            for k in passive { complement.append(contentsOf: state.walkers[k].point.position) }
            var group = Array(state.walkers[active])
            let complementCount = passive.count
            targets.forEach(&group) { walker, target in
                let (proposal, logFactor) = move.propose(from: walker.point.position, complement: complement,
                                                         complementCount: complementCount, using: &walker.generator)
                let proposed = target.logDensity(proposal)
                walker.counters.logDensityEvaluations += 1
                walker.counters.proposals += 1
                var logRatio = logFactor + proposed - walker.point.logDensity
                if isFailedLogDensity(proposed) {
                    walker.counters.nonFiniteProposals += 1
                    logRatio = .nan
                }
                let decision = metropolisAccept(logRatio: logRatio, using: &walker.generator)
                if decision.accepted {
                    walker.point.position = proposal
                    walker.point.logDensity = proposed
                    walker.counters.accepted += 1
                }
                walker.point.acceptStat = decision.statistic
            }
            state.walkers.replaceSubrange(active, with: group)
        }
    }

    private func chooseMove(using generator: inout Xoshiro256StarStar) -> EnsembleMove {
        if moves.count == 1 { return moves[0].move }
        let total = moves.reduce(0) { $0 + $1.weight }
        var u = uniformOpenUnit(using: &generator) * total
        for entry in moves {
            if u < entry.weight { return entry.move }
            u -= entry.weight
        }
        return moves[moves.count - 1].move
    }

    public func currentPoints(of state: State) -> [ChainPoint] { state.walkers.map(\.point) }

    public func counters(of state: State) -> [SamplerCounters] { state.walkers.map(\.counters) }
}
