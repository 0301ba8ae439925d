/// Why a run stopped.
public enum StopReason: String, Sendable, Codable, Equatable {
    /// The iteration budget was used up.
    case budget
    /// The convergence rule was met.
    case converged
    /// The progress callback asked to stop.
    case requested
}

/// Draws and statistics of a finished (or stopped) run.
public struct SamplingResult: Sendable {
    /// Sampler name (e.g. `adaptive-metropolis`).
    public let samplerName: String
    /// Sampler settings as text.
    public let settings: [String: String]
    /// The options the run used.
    public let options: SamplingOptions
    /// Kept draws per output chain (unconstrained scale).
    public let chains: [ChainDraws]
    /// Counters per output chain.
    public let counters: [SamplerCounters]
    /// Iterations done per chain (warm-up included).
    public let iterations: Int
    /// Why the run ended.
    public let stopReason: StopReason
    /// Wall-clock seconds spent in warm-up and after it (summed over resumed sessions).
    public let warmupSeconds: Double
    public let samplingSeconds: Double
    /// Tempered samplers: log marginal likelihood `log Z` and its estimated standard error.
    public let logEvidence: Double?
    public let logEvidenceStandardError: Double?

    public init(samplerName: String, settings: [String: String], options: SamplingOptions, chains: [ChainDraws],
                counters: [SamplerCounters], iterations: Int, stopReason: StopReason, warmupSeconds: Double,
                samplingSeconds: Double, logEvidence: Double? = nil, logEvidenceStandardError: Double? = nil) {
        self.samplerName = samplerName
        self.settings = settings
        self.options = options
        self.chains = chains
        self.counters = counters
        self.iterations = iterations
        self.stopReason = stopReason
        self.warmupSeconds = warmupSeconds
        self.samplingSeconds = samplingSeconds
        self.logEvidence = logEvidence
        self.logEvidenceStandardError = logEvidenceStandardError
    }

    /// Unconstrained dimension.
    public var dimension: Int { chains.first?.dimension ?? 0 }

    /// Counters summed over chains.
    public var totalCounters: SamplerCounters { counters.reduce(SamplerCounters(), +) }

    /// `traces(j)[c]` = chain c's draws of coordinate j, mapped by `constrain` (identity by default).
    public func traces(coordinate j: Int) -> [[Double]] { chains.map { $0.coordinate(j) } }

    /// All traces on the natural scale of `space`: `[coordinate][chain][draw]`.
    public func constrainedTraces(_ space: ParameterSpace) -> [[[Double]]] {
        precondition(space.dimension == dimension, "space dimension \(space.dimension) ≠ draws dimension \(dimension)")
        let mapped = chains.map { chain in (0..<chain.count).map { space.constrain(chain.draw($0)) } }
        return (0..<dimension).map { j in mapped.map { draws in draws.map { $0[j] } } }
    }

    /// Per-column summaries (mean, sd, quantiles, R̂, bulk/tail ESS, MCSE) on the natural scale of
    /// `space` (or of the unconstrained coordinates, named `theta.k`, when `space` is nil).
    public func summaries(space: ParameterSpace?) -> [ParameterSummary] {
        if let space {
            return zip(space.columnNames, constrainedTraces(space)).map { Diagnostics.summarize(name: $0, chains: $1) }
        }
        return (0..<dimension).map { Diagnostics.summarize(name: "theta.\($0 + 1)", chains: traces(coordinate: $0)) }
    }
}
