import Imaging

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
    /// `c` at each stored time: the active box then and the values inside it (0 outside), so memory
    /// grows with the tumour rather than the tissue box. ``state(at:)`` expands to the work grid.
    public let snapshots: [(box: VoxelBox, values: [Scalar])]
    /// The work grid of the domain the run was made on.
    public let workGrid: Grid
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
        var stored: [(box: VoxelBox, values: [Scalar])] = []
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa, proliferationRate: 1),
                                    initialValues: initialValues, outputTimes: grid,
                                    crossingThresholds: crossingThresholds,
                                    compactSnapshot: { _, box, values in stored.append((box, values)) })
        invasionLengthSquared = kappa
        times = grid
        snapshots = stored
        workGrid = solver.domain.workGrid
        crossingTimes = solution.crossingTimes
        self.crossingThresholds = crossingThresholds
        statistics = solution.statistics
    }

    /// The largest stored rescaled time.
    public var maximumRescaledTime: Double { times.last ?? 0 }

    /// `c` at rescaled time `s` (0 ≤ s ≤ s_max) on the work grid, interpolated between stored snapshots.
    public func state(at s: Double) -> [Scalar] {
        precondition(s >= 0 && s <= maximumRescaledTime * (1 + 1e-12), "s = \(s) outside [0, \(maximumRescaledTime)]")
        let ds = times.count > 1 ? times[1] : 1
        let position = s / ds
        let nearest = Int(position.rounded())
        var out = [Scalar](repeating: 0, count: workGrid.count)
        if abs(position - Double(nearest)) < 1e-9 {
            accumulate(min(nearest, snapshots.count - 1), weight: 1, into: &out)
            return out
        }
        let count = snapshots.count
        if count < 4 {
            // Linear between the two neighbours.
            let j = min(Int(position), count - 2)
            let w = position - Double(j)
            accumulate(j, weight: Scalar(1 - w), into: &out)
            accumulate(j + 1, weight: Scalar(w), into: &out)
        } else {
            // Cubic Lagrange through four nodes j0…j0+3 around s, shifted inwards at the ends.
            let j0 = min(max(Int(position) - 1, 0), count - 4)
            for a in 0..<4 {
                var w = 1.0
                for b in 0..<4 where b != a { w *= (position - Double(j0 + b)) / Double(a - b) }
                accumulate(j0 + a, weight: Scalar(w), into: &out)
            }
        }
        for i in out.indices { out[i] = min(max(out[i], 0), 1) }
        return out
    }

    /// `out += weight · snapshot j` over the snapshot's box.
    private func accumulate(_ j: Int, weight: Scalar, into out: inout [Scalar]) {
        let (box, values) = snapshots[j]
        if box.isEmpty { return }
        var k = 0
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                for i in workGrid.index(box.lower.x, y, z)...workGrid.index(box.upper.x, y, z) {
                    out[i] += weight * values[k]
                    k += 1
                }
            }
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
