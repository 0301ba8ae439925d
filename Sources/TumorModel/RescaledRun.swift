/// One solve of the time-rescaled equation `∂c/∂s = ∇·((D/ρ)∇c) + c(1−c)`, `s = ρt`, for a fixed
/// `κ = D_w/ρ` (mm²), WM/GM ratio and seed (DESIGN.md §1, "Time rescaling"). The state for *any*
/// `(ρ, t)` with this κ is the stored state at `s = ρt`: no new solve.
///
/// Snapshots are stored every `Δs` on `[0, s_max]` (the step is `Δs` divided evenly, so each stored
/// state is exactly a time-integration node); ``state(at:)`` interpolates between them with the cubic
/// Lagrange polynomial through the four nearest nodes (exact at the nodes, fourth order between them),
/// clamped to [0, 1]. First-crossing times `s_θ` of each requested threshold are recorded per voxel
/// during the solve (linear interpolation within a step); `t_θ = s_θ/ρ`.
public struct RescaledRun<Scalar: SolverScalar>: Sendable {
    /// `κ = D_w/ρ`, mm².
    public let invasionLengthSquared: Double
    /// The stored rescaled times `s_j = j·Δs`.
    public let times: [Double]
    /// `c` at each stored time, on the work grid of the domain.
    public let snapshots: [[Scalar]]
    /// Per threshold, per work-grid voxel: the first rescaled time `c ≥ θ` (`+∞` if not by `s_max`).
    public let crossingTimes: [[Double]]
    /// The thresholds of ``crossingTimes``.
    public let crossingThresholds: [Double]
    /// Counters of the one solve.
    public let statistics: SolverStatistics

    /// Runs the rescaled model once with `solver` (its domain and options; the time step is bounded by
    /// `maximumRescaledStep` in units of s when given) from `initialValues` up to `s_max`, keeping a
    /// snapshot every `snapshotSpacing`.
    public init(solver: ForwardSolver<Scalar>, invasionLengthSquared kappa: Double, initialValues: [Double],
                maximumRescaledTime sMax: Double, snapshotSpacing: Double, crossingThresholds: [Double] = []) {
        precondition(kappa > 0 && sMax > 0 && snapshotSpacing > 0, "κ, s_max and Δs must be positive")
        let n = max(1, Int((sMax / snapshotSpacing).rounded(.up)))
        let grid = (0...n).map { Double($0) * snapshotSpacing }
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa, proliferationRate: 1),
                                    initialValues: initialValues, outputTimes: grid,
                                    crossingThresholds: crossingThresholds)
        invasionLengthSquared = kappa
        times = grid
        snapshots = solution.snapshots
        crossingTimes = solution.crossingTimes
        self.crossingThresholds = crossingThresholds
        statistics = solution.statistics
    }

    /// The largest stored rescaled time.
    public var maximumRescaledTime: Double { times.last ?? 0 }

    /// `c` at rescaled time `s` (0 ≤ s ≤ s_max), interpolated between stored snapshots.
    public func state(at s: Double) -> [Scalar] {
        precondition(s >= 0 && s <= maximumRescaledTime * (1 + 1e-12), "s = \(s) outside [0, \(maximumRescaledTime)]")
        let ds = times.count > 1 ? times[1] : 1
        let position = s / ds
        let nearest = Int(position.rounded())
        if abs(position - Double(nearest)) < 1e-9 { return snapshots[min(nearest, snapshots.count - 1)] }
        // Four nodes j0...j0+3 around s, shifted inwards at the ends.
        let count = snapshots.count
        guard count >= 4 else {
            let j = min(Int(position), count - 2)
            let w = Scalar(position - Double(j))
            return zip(snapshots[j], snapshots[j + 1]).map { $0 + w * ($1 - $0) }
        }
        let j0 = min(max(Int(position) - 1, 0), count - 4)
        var weights = [Scalar](repeating: 0, count: 4)
        for a in 0..<4 {
            var w = 1.0
            for b in 0..<4 where b != a { w *= (position - Double(j0 + b)) / Double(a - b) }
            weights[a] = Scalar(w)
        }
        let s0 = snapshots[j0], s1 = snapshots[j0 + 1], s2 = snapshots[j0 + 2], s3 = snapshots[j0 + 3]
        return (0..<s0.count).map { i in
            let v = weights[0] * s0[i] + weights[1] * s1[i] + weights[2] * s2[i] + weights[3] * s3[i]
            return min(max(v, 0), 1)
        }
    }

    /// `c` at day `t` for proliferation rate `ρ` (1/day): the state at `s = ρt`.
    public func state(proliferationRate rho: Double, day t: Double) -> [Scalar] {
        state(at: rho * t)
    }

    /// Per voxel, the first day `c ≥ θ_k` for rate `ρ` (`+∞` if never within `s_max/ρ`).
    public func crossingDays(thresholdIndex k: Int, proliferationRate rho: Double) -> [Double] {
        crossingTimes[k].map { $0 / rho }
    }
}
