import Foundation
import Probability

/// One transition of a Markov chain Monte Carlo method, applied to all chains (or all walkers) at once.
///
/// A kernel holds only settings; everything that changes while sampling (positions, adaptation,
/// generator states, counters) lives in its Codable ``State``, which ``MarkovChainRunner`` checkpoints.
/// The runner handles initialisation, warm-up, thinning, stopping, checkpoints and output, so kernels
/// are swappable: ``AdaptiveMetropolis``, ``EnsembleSampler``, ``DelayedAcceptanceMetropolis``.
///
/// Reproducibility contract: all randomness comes from generators stored in the state (one stream per
/// chain/walker derived from the run seed), and updates run in parallel only across units whose results
/// do not depend on each other's order, so a run is bit-identical for any thread count.
public protocol MarkovKernel: Sendable {
    /// What the kernel evaluates (a ``LogDensity`` or, for delayed acceptance, a pair of them).
    associatedtype Target
    /// All mutable sampler state.
    associatedtype State: Codable & Sendable

    /// Short name written to outputs (e.g. `adaptive-metropolis`).
    var name: String { get }
    /// Settings as key/value text, written to output headers and compared on resume.
    var settings: [String: String] { get }

    /// Number of unconstrained coordinates of the target.
    func dimension(of target: Target) -> Int
    /// Number of independently initialised units (chains or walkers) for `chains` requested chains;
    /// this is also the number of output chains.
    func unitCount(chains: Int, dimension: Int) -> Int
    /// Throws ``InferenceError/invalidConfiguration(_:)`` for settings the kernel cannot run with.
    func validate(chains: Int, dimension: Int) throws(InferenceError)
    /// The log-density used to accept or reject starting points (must be finite to start there).
    func startingLogDensity(_ target: Target, at x: [Double]) -> Double

    /// The state at the given starting points; `generators[k]` is unit k's stream (already advanced by
    /// the initialisation draws) and `seed` may derive further streams.
    func makeState(positions: [[Double]], generators: [Xoshiro256StarStar], seed: UInt64,
                   targets: WorkerPool<Target>) -> State
    /// Advances every unit by one iteration. Adaptation may happen only while `iteration < warmupIterations`.
    func step(_ state: inout State, iteration: Int, warmupIterations: Int, targets: WorkerPool<Target>)
    /// The current point of each output chain.
    func currentPoints(of state: State) -> [ChainPoint]
    /// Counters per output chain.
    func counters(of state: State) -> [SamplerCounters]
}

/// The current point of one chain: position (unconstrained), log-density and the acceptance statistic
/// of the last transition (`accept_stat__`: the Metropolis acceptance probability `min(1, α)`).
public struct ChainPoint: Sendable, Codable, Equatable {
    public var position: [Double]
    public var logDensity: Double
    public var acceptStat: Double

    public init(position: [Double], logDensity: Double, acceptStat: Double) {
        self.position = position
        self.logDensity = logDensity
        self.acceptStat = acceptStat
    }
}

/// What happened during sampling, per chain (add them up for a run).
public struct SamplerCounters: Sendable, Codable, Equatable {
    /// Proposals made (warm-up included).
    public var proposals = 0
    /// Proposals accepted.
    public var accepted = 0
    /// Proposals whose log-density was NaN or +infinity: rejected and tallied here.
    public var nonFiniteProposals = 0
    /// Evaluations of the (expensive) log-density, initial points included.
    public var logDensityEvaluations = 0
    /// Delayed acceptance: evaluations of the cheap log-density.
    public var cheapEvaluations = 0
    /// Delayed acceptance: proposals that passed the cheap first stage.
    public var stageOneAccepted = 0
    /// Fast–slow Metropolis: moves of the fast coordinates made and accepted (``FastSlowMetropolis``).
    public var fastProposals = 0
    public var fastAccepted = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case proposals, accepted, nonFiniteProposals, logDensityEvaluations, cheapEvaluations, stageOneAccepted, fastProposals, fastAccepted
    }

    /// Decodes counters; fields added later (the fast-move counts) default to 0, so older checkpoints still read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        proposals = try c.decode(Int.self, forKey: .proposals)
        accepted = try c.decode(Int.self, forKey: .accepted)
        nonFiniteProposals = try c.decode(Int.self, forKey: .nonFiniteProposals)
        logDensityEvaluations = try c.decode(Int.self, forKey: .logDensityEvaluations)
        cheapEvaluations = try c.decode(Int.self, forKey: .cheapEvaluations)
        stageOneAccepted = try c.decode(Int.self, forKey: .stageOneAccepted)
        fastProposals = try c.decodeIfPresent(Int.self, forKey: .fastProposals) ?? 0
        fastAccepted = try c.decodeIfPresent(Int.self, forKey: .fastAccepted) ?? 0
    }

    /// Fraction of proposals accepted.
    public var acceptanceRate: Double { proposals == 0 ? .nan : Double(accepted) / Double(proposals) }
    /// Fast–slow Metropolis: fraction of fast moves accepted.
    public var fastAcceptanceRate: Double { fastProposals == 0 ? .nan : Double(fastAccepted) / Double(fastProposals) }
    /// Delayed acceptance: fraction passing stage 1.
    public var stageOneAcceptanceRate: Double { proposals == 0 ? .nan : Double(stageOneAccepted) / Double(proposals) }
    /// Delayed acceptance: fraction of stage-1 survivors accepted by the expensive stage.
    public var stageTwoAcceptanceRate: Double {
        stageOneAccepted == 0 ? .nan : Double(accepted) / Double(stageOneAccepted)
    }
    /// Delayed acceptance: expensive evaluations avoided (proposals rejected by the cheap stage).
    public var expensiveEvaluationsSaved: Int { cheapEvaluations == 0 ? 0 : proposals - stageOneAccepted }

    public static func + (a: SamplerCounters, b: SamplerCounters) -> SamplerCounters {
        var c = SamplerCounters()
        c.proposals = a.proposals + b.proposals
        c.accepted = a.accepted + b.accepted
        c.nonFiniteProposals = a.nonFiniteProposals + b.nonFiniteProposals
        c.logDensityEvaluations = a.logDensityEvaluations + b.logDensityEvaluations
        c.cheapEvaluations = a.cheapEvaluations + b.cheapEvaluations
        c.stageOneAccepted = a.stageOneAccepted + b.stageOneAccepted
        c.fastProposals = a.fastProposals + b.fastProposals
        c.fastAccepted = a.fastAccepted + b.fastAccepted
        return c
    }
}

/// Metropolis decision shared by the kernels: returns whether to accept and `min(1, exp(logRatio))`.
/// A NaN ratio (or a NaN/+inf proposal density) is a rejection with statistic 0.
@inline(__always)
func metropolisAccept<G: RandomNumberGenerator>(logRatio: Double, using generator: inout G) -> (accepted: Bool, statistic: Double) {
    guard !logRatio.isNaN else { return (false, 0) }
    if logRatio >= 0 { return (true, 1) }
    let statistic = Foundation.exp(logRatio)
    return (Foundation.log(uniformOpenUnit(using: &generator)) < logRatio, statistic)
}

/// True for log-density values that mean "the model failed here" (NaN, +infinity).
@inline(__always)
func isFailedLogDensity(_ value: Double) -> Bool { value.isNaN || value == .infinity }

/// One Metropolis decision from the current and the proposed log-density: a failed proposal (NaN/+∞) is
/// tallied in `counters` and rejected; otherwise ``metropolisAccept(logRatio:using:)``.
@inline(__always)
func metropolisDecision<G: RandomNumberGenerator>(proposed: Double, current: Double, counters: inout SamplerCounters,
                                                  using generator: inout G) -> (accepted: Bool, statistic: Double) {
    var logRatio = proposed - current
    if isFailedLogDensity(proposed) {
        counters.nonFiniteProposals += 1
        logRatio = .nan
    }
    return metropolisAccept(logRatio: logRatio, using: &generator)
}
