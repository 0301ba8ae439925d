/// Anything that turns a log-density into draws: the common face of all samplers, so they are swappable.
///
/// ```swift
/// let target = ClosureLogDensity(dimension: 2) { x in -0.5 * (x[0] * x[0] + x[1] * x[1]) }
/// let result = try AdaptiveMetropolis<ClosureLogDensity>().sample(
///     target: .shared(target), options: SamplingOptions(seed: 42),
///     initialization: .points([[0, 0]]), execution: ExecutionOptions(threads: 2))
/// ```
public protocol Sampler: Sendable {
    /// What the sampler evaluates.
    associatedtype Target
    /// Short name written to outputs.
    var name: String { get }
    /// Runs the sampler; see ``ExecutionOptions`` for threads, checkpoints and progress.
    func sample(target: LogDensityFactory<Target>, options: SamplingOptions, initialization: Initialization,
                execution: ExecutionOptions) throws(InferenceError) -> SamplingResult
}

/// How to run (as opposed to what to compute): none of this changes the draws, except
/// ``monitoredQuantities``, which decides where the convergence rule stops a run.
public struct ExecutionOptions {
    /// Worker threads (≥ 1). Draws are identical for any value.
    public var threads: Int
    /// Checkpointing and resume (see ``CheckpointPolicy``); nil for none.
    public var checkpoint: CheckpointPolicy?
    /// Called on the calling thread after every iteration; return `.stop` to end the run early.
    public var progress: ((SamplingProgress) -> ProgressDecision)?
    /// The quantities the convergence rule (R̂, bulk-ESS) is evaluated on, as a function of a draw's
    /// coordinates; nil: the coordinates themselves. A model sampled in other coordinates than it reports
    /// (e.g. `log(D/ρ)` instead of `D`) passes the map to its reported ones, so that "converged" means
    /// converged for what is written out. Pass the same map when resuming.
    public var monitoredQuantities: (@Sendable ([Double]) -> [Double])?

    public init(threads: Int = 1, checkpoint: CheckpointPolicy? = nil,
                progress: ((SamplingProgress) -> ProgressDecision)? = nil,
                monitoredQuantities: (@Sendable ([Double]) -> [Double])? = nil) {
        precondition(threads >= 1, "threads must be ≥ 1, got \(threads)")
        self.threads = threads
        self.checkpoint = checkpoint
        self.progress = progress
        self.monitoredQuantities = monitoredQuantities
    }
}

/// A snapshot passed to the progress callback.
public struct SamplingProgress: Sendable {
    /// Iterations done per chain (warm-up included) and the requested total.
    public var iteration: Int
    public var totalIterations: Int
    /// Whether the run is still in warm-up.
    public var isWarmup: Bool
    /// Kept draws per chain so far.
    public var keptDraws: Int
    /// Counters summed over chains.
    public var counters: SamplerCounters
    /// Latest convergence check (nil before the first): largest R̂ and smallest bulk-ESS over parameters.
    public var maximumRHat: Double?
    public var minimumBulkESS: Double?
}

/// What the progress callback wants.
public enum ProgressDecision: Sendable {
    case `continue`
    case stop
}
