import Foundation

/// How the reaction term is integrated.
public enum ReactionScheme: String, Sendable, Codable {
    /// Strang splitting `R(Δt/2)·D(Δt)·R(Δt/2)` with the exact logistic flow
    /// `R(τ)c = c·e^{ρτ}/(1 − c + c·e^{ρτ})` (DESIGN.md §1): second order in the reaction, keeps
    /// `0 ≤ c ≤ 1` without clipping, and leaves the stability limit to diffusion alone. The default.
    case strangExactLogistic
    /// GliomaSolver's explicit Euler step of the whole right-hand side followed by clipping to [0, 1]
    /// (first order; for reproducing its output only).
    case gliomaSolverForwardEuler
}

/// How a span between output times is cut into time steps (see `ForwardSolver.stepSchedule`).
public enum SteppingPolicy: String, Sendable, Codable {
    /// `⌊span/Δt_max⌋` steps of `Δt_max` and one shorter last step: the solution is continuous in the
    /// parameters, which keeps the likelihood surface free of jumps. The default.
    case fullStepsWithRemainder
    /// `⌈span/Δt_max⌉` equal steps (the step count, and so the discretisation error, jumps with the span).
    case equalSteps
}

/// Numerical settings of ``ForwardSolver``.
public struct SolverOptions: Sendable, Equatable, Codable {
    /// Worker threads for the z-slabs (the result is bit-identical for any count). Default: all cores.
    public var threadCount: Int
    /// Fraction of the explicit stability limit used as the largest step (≤ 1).
    public var timeStepSafety: Double
    /// An upper bound on the time step in days (the automatic step is used when smaller).
    public var maximumTimeStep: Double?
    /// Only voxels within ``activeRegionMargin`` of the box where `c > activeRegionThreshold` are updated;
    /// the box grows as the front moves and never shrinks. 0 makes the restriction exact (the box then
    /// covers the support of `c`, which an explicit step widens by one voxel).
    public var activeRegionThreshold: Double
    /// Margin in voxels around the thresholded box (≥ 1; 2 by default).
    public var activeRegionMargin: Int
    /// The reaction scheme.
    public var reaction: ReactionScheme
    /// How spans between outputs are cut into steps.
    public var stepping: SteppingPolicy = .fullStepsWithRemainder

    /// Creates options (defaults: all cores, safety 0.95, threshold 1e-9, margin 2, Strang).
    public init(threadCount: Int = ProcessInfo.processInfo.activeProcessorCount, timeStepSafety: Double = 0.95,
                maximumTimeStep: Double? = nil, activeRegionThreshold: Double = 1e-9, activeRegionMargin: Int = 2,
                reaction: ReactionScheme = .strangExactLogistic) {
        precondition(threadCount >= 1, "thread count must be at least 1")
        precondition(timeStepSafety > 0 && timeStepSafety <= 1, "time-step safety must be in (0, 1]")
        precondition(activeRegionThreshold >= 0, "active-region threshold must be non-negative")
        precondition(activeRegionMargin >= 1, "active-region margin must be at least 1 voxel")
        if let maximumTimeStep { precondition(maximumTimeStep > 0, "maximum time step must be positive") }
        self.threadCount = threadCount
        self.timeStepSafety = timeStepSafety
        self.maximumTimeStep = maximumTimeStep
        self.activeRegionThreshold = activeRegionThreshold
        self.activeRegionMargin = activeRegionMargin
        self.reaction = reaction
    }
}
