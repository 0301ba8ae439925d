import Probability

/// What to run: chains, lengths, seed and stopping rule. Codable: stored in checkpoints and compared on
/// resume (everything except ``samplingIterations``, which may grow: "continue to the requested total").
public struct SamplingOptions: Sendable, Codable, Equatable {
    /// Requested chains (an ensemble reports one chain per walker instead).
    public var chains: Int
    /// Warm-up iterations per chain (adaptation happens only here; these draws are not kept).
    public var warmupIterations: Int
    /// Budget: post-warm-up iterations per chain at most.
    public var samplingIterations: Int
    /// Keep every `thin`-th post-warm-up iteration.
    public var thin: Int
    /// The run seed; chain/walker k uses `Xoshiro256StarStar(seed: seed, stream: k)`.
    public var seed: UInt64
    /// Optional early stop when converged, checked at intervals; nil means run the whole budget.
    public var convergence: ConvergenceRule?
    /// Attempts per chain to find a starting point with a finite log-density.
    public var initializationAttempts: Int

    public init(chains: Int = 4, warmupIterations: Int = 1000, samplingIterations: Int = 1000, thin: Int = 1,
                seed: UInt64, convergence: ConvergenceRule? = nil, initializationAttempts: Int = 100) {
        precondition(chains >= 1, "chains must be ≥ 1, got \(chains)")
        precondition(warmupIterations >= 0 && samplingIterations >= 0, "iteration counts must be ≥ 0")
        precondition(thin >= 1, "thin must be ≥ 1, got \(thin)")
        precondition(initializationAttempts >= 1, "initializationAttempts must be ≥ 1")
        self.chains = chains
        self.warmupIterations = warmupIterations
        self.samplingIterations = samplingIterations
        self.thin = thin
        self.seed = seed
        self.convergence = convergence
        self.initializationAttempts = initializationAttempts
    }

    /// Total iterations per chain when the budget is used up.
    public var totalIterations: Int { warmupIterations + samplingIterations }
}

/// The convergence stopping rule (Vehtari et al. 2021): stop once every parameter has rank-normalised
/// split-R̂ below ``maximumRHat`` and bulk-ESS at least ``minimumBulkESS``, checked every
/// ``checkInterval`` post-warm-up iterations. Defaults are Stan's/the issue's: 1.01 and 400.
public struct ConvergenceRule: Sendable, Codable, Equatable {
    public var maximumRHat: Double
    public var minimumBulkESS: Double
    public var checkInterval: Int

    public init(maximumRHat: Double = 1.01, minimumBulkESS: Double = 400, checkInterval: Int = 100) {
        precondition(checkInterval >= 1, "checkInterval must be ≥ 1")
        self.maximumRHat = maximumRHat
        self.minimumBulkESS = minimumBulkESS
        self.checkInterval = checkInterval
    }
}

/// Where chains start (on the unconstrained scale).
public enum Initialization: Sendable {
    /// Draw each chain's start with its own generator (e.g. from the prior:
    /// `.draw { space.samplePriorUnconstrained(using: &$0) }`); points with a non-finite log-density are
    /// redrawn up to ``SamplingOptions/initializationAttempts`` times.
    case draw(@Sendable (inout Xoshiro256StarStar) -> [Double])
    /// Given points: one per chain/walker, or a single point used for all (for an ensemble, walkers
    /// then start in a small Gaussian ball of radius `jitter` around it, drawn with each walker's stream).
    case points([[Double]], jitter: Double = 0)
}
