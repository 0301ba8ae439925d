import Foundation
import Imaging
import TumorModel

/// The forward model exactly as the likelihood, the posterior predictive and the synthetic patients
/// evaluate it: parameters → tumour-cell density at given days.
///
/// `c(x, T + day)` for `(D_w, ρ, T, x0)` is read from one time-rescaled run (DESIGN.md §1) at
/// `s = ρ(T + day)`: the run depends on `κ = D_w/ρ` and the seed only (``RescaledTrajectory``), takes
/// equal steps `Δs = min(max_rescaled_step, 0.95 × stability limit at κ)` and is read between its nodes
/// by cubic interpolation. So a change of `(ρ, T)` at fixed `κ` and seed costs no new solve (the
/// fast–slow sampler uses that), and every consumer sees the same numbers for the same parameters.
/// Initial condition: Gaussian blob of σ and amplitude from the specification at the seed (world mm).
public struct GrowthForwardMap: Sendable {
    /// The anatomy on the inference grid.
    public let domain: TumorDomain<Double>
    /// Initial blob σ, mm, and amplitude.
    public let initialSigmaMillimeters: Double
    public let initialAmplitude: Double
    /// Upper bound on `Δs = ρΔt`.
    public let maximumRescaledStep: Double
    /// The solver's active-region threshold: c below 1e-6 never changes a visibility decision (θ ≥ 0.05),
    /// so updates stay proportional to the tumour, not the brain.
    public static let activeRegionThreshold = 1e-6

    public init(domain: TumorDomain<Double>, initialSigmaMillimeters: Double, initialAmplitude: Double, maximumRescaledStep: Double) {
        precondition(initialSigmaMillimeters > 0 && initialAmplitude > 0 && initialAmplitude <= 1 && maximumRescaledStep > 0,
                     "invalid initial condition or step bound")
        self.domain = domain
        self.initialSigmaMillimeters = initialSigmaMillimeters
        self.initialAmplitude = initialAmplitude
        self.maximumRescaledStep = maximumRescaledStep
    }

    /// A solver for this map (one per thread).
    public func makeSolver(threads: Int = 1) -> ForwardSolver<Double> {
        ForwardSolver(domain: domain, options: SolverOptions(threadCount: threads, activeRegionThreshold: Self.activeRegionThreshold))
    }

    /// c0 on the work grid for a seed in world mm.
    public func initialValues(seed: SIMD3<Double>) -> [Double] {
        InitialCondition.gaussian(center: .world(seed), sigmaMillimeters: initialSigmaMillimeters, amplitude: initialAmplitude)
            .values(on: domain)
    }

    /// The time step `Δs` of the run for `κ`.
    public func timeStep(invasionLengthSquared kappa: Double) -> Double {
        RescaledTrajectory<Double>.timeStep(domain: domain, invasionLengthSquared: kappa, maximumStep: maximumRescaledStep)
    }

    /// The run for `κ` and a seed, keeping `voxels` (work grid) up to `s_max` or until `stop`.
    public func trajectory(solver: ForwardSolver<Double>, invasionLengthSquared kappa: Double, seed: SIMD3<Double>, voxels: WatchedVoxels,
                           maximumRescaledTime: Double, stop: ((SolverStateView<Double>) -> Bool)? = nil) -> RescaledTrajectory<Double> {
        RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initialValues(seed: seed),
                           step: timeStep(invasionLengthSquared: kappa), voxels: voxels,
                           maximumRescaledTime: maximumRescaledTime, stop: stop)
    }

    /// Whole work-grid fields of c at each of `days` (in any order; `T + day ≥ 0`) after the first scan
    /// for `(D_w, ρ, T, seed)`; the same values the likelihood reads at its voxels.
    public func fields(solver: ForwardSolver<Double>, whiteMatterDiffusivity dw: Double, proliferationRate rho: Double, age: Double,
                       seed: SIMD3<Double>, days: [Double]) -> [[Double]] {
        let kappa = dw / rho
        let sorted = Array(Set(days)).sorted()
        let states = RescaledTrajectory.fields(solver: solver, invasionLengthSquared: kappa, initialValues: initialValues(seed: seed),
                                               step: timeStep(invasionLengthSquared: kappa),
                                               at: sorted.map { max(0, rho * (age + $0)) })
        return days.map { day in states[sorted.firstIndex(of: day) ?? 0] }
    }
}
