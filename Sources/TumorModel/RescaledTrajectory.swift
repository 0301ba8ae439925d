import Foundation
import Imaging

/// The density at chosen voxels along one run of the time-rescaled model, for any rescaled time.
///
/// With `s = ρt` the model reads `∂c/∂s = ∇·((D/ρ)∇c) + c(1−c)` (DESIGN.md §1, "Time rescaling"): for a
/// fixed `κ = D_w/ρ` (mm²), WM/GM ratio and initial condition, one run in s serves every `(ρ, t)`, the
/// state at day t being the state at `s = ρt`. This type runs it once (``ForwardSolver`` with
/// `D_w = κ`, `ρ = 1`) in equal steps `Δs` and keeps `c` at `voxels` at every node: every m-th step,
/// `m = max(1, ⌊0.1/Δs⌋)`, so nodes `s_j = j·mΔs` are 0.05–0.25 apart whatever κ (memory stays
/// proportional to the rescaled time, not to the step count, which grows with κ).
/// ``values(at:into:)`` reads any `s` by cubic Lagrange interpolation (``CubicLagrange``). It is the
/// expensive part of a patient likelihood whose cheap part is `(ρ, T)` and the imaging thresholds.
///
/// Every stored node is a time-integration node and the steps do not depend on how far the run goes,
/// so what is read at `s` is a function of `(κ, c0, Δs, s)` alone: a run stopped later, or one made
/// for a prediction at a later day, gives the same values.
///
/// The run ends at the first node where `stop` returns true, or once `s_max` can be read. Values can
/// be read for `0 ≤ s <` ``rescaledTimeLimit`` (`(n − 2)·Δs` for n stored nodes: every interpolation
/// window is then complete).
public struct RescaledTrajectory<Scalar: SolverScalar>: Sendable {
    /// `κ = D_w/ρ`, mm².
    public let invasionLengthSquared: Double
    /// Spacing of the stored nodes, `m·Δs`.
    public let nodeSpacing: Double
    /// Time steps `Δs` per stored node, m.
    public let stepsPerNode: Int
    /// Number of watched voxels.
    public let voxelCount: Int
    /// Stored nodes (`s_0 = 0 … s_{n−1}`).
    public let nodeCount: Int
    /// Whether `stop` ended the run (rather than reaching `s_max`).
    public let isStoppedEarly: Bool
    /// Counters of the solve.
    public let statistics: SolverStatistics
    /// Whether every stored value is finite (a failed solve otherwise).
    public let isFinite: Bool
    /// Node-major: node j, voxel k at `j·voxelCount + k`.
    private let storage: [Scalar]

    /// Time steps per stored node for steps of `Δs`: `max(1, ⌊0.1/Δs⌋)`.
    public static func stepsPerNode(step ds: Double) -> Int { max(1, Int((0.1 / ds).rounded(.down))) }

    /// The largest `Δs ≤ maximumStep` allowed by the explicit stability limit at `D_w = κ` (times
    /// `safety`): the time step runs use, so that the likelihood, predictions and synthetic data agree.
    public static func timeStep(domain: TumorDomain<Scalar>, invasionLengthSquared kappa: Double,
                                   maximumStep: Double, safety: Double = 0.95) -> Double {
        precondition(kappa > 0 && maximumStep > 0 && safety > 0 && safety <= 1, "κ, the step bound and the safety factor must be positive")
        return min(maximumStep, safety * domain.maximumStableTimeStep(whiteMatterDiffusivity: kappa))
    }

    /// Runs the rescaled model with `solver` (its domain, reaction scheme, active region and threads).
    ///
    /// - Parameters:
    ///   - initialValues: c0 on the work grid.
    ///   - voxels: the work-grid voxels whose density is kept at every node (``WatchedVoxels``, built once).
    ///   - maximumRescaledTime: the run ends once `s_max` is readable (nodes up to the window of s_max).
    ///   - stop: checked at every stored node; returning true ends the run there.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(solver: ForwardSolver<Scalar>, invasionLengthSquared kappa: Double, initialValues: [Double],
                step ds: Double, voxels: WatchedVoxels, maximumRescaledTime sMax: Double,
                stop: ((SolverStateView<Scalar>) -> Bool)? = nil) {
        precondition(kappa > 0 && kappa.isFinite, "κ must be positive and finite, got \(kappa)")
        precondition(ds > 0 && sMax >= 0 && sMax.isFinite, "Δs must be positive and s_max finite and ≥ 0")
        let m = Self.stepsPerNode(step: ds)
        let spacing = Double(m) * ds
        let nodes = CubicLagrange.nodesNeeded(at: sMax / spacing)
        let n = voxels.count
        // Grown node by node (a run stopped early by `stop` may use a small part of the `s_max` window,
        // and zero-filling the whole window up front costs more than the solve).
        var storage: [Scalar] = []
        var stored = 0
        var stoppedEarly = false
        let statistics = solver.solveUniformSteps(parameters: GrowthParameters(whiteMatterDiffusivity: kappa, proliferationRate: 1),
                                                  initialValues: initialValues, step: ds, maximumSteps: (nodes - 1) * m) { step, state in
            guard step % m == 0 else { return true }
            let j = step / m
            storage.append(contentsOf: repeatElement(0, count: n))
            storage.withUnsafeMutableBufferPointer { buffer in
                state.gather(voxels, into: UnsafeMutableBufferPointer(rebasing: buffer[(j * n)..<((j + 1) * n)]))   // zeros stay outside the box
            }
            stored = j + 1
            if let stop, stop(state) { stoppedEarly = true; return false }
            return true
        }
        invasionLengthSquared = kappa
        nodeSpacing = spacing
        stepsPerNode = m
        voxelCount = n
        nodeCount = stored
        isStoppedEarly = stoppedEarly
        self.statistics = statistics
        self.storage = storage
        isFinite = storage.allSatisfy { $0.isFinite }
    }

    /// The exclusive upper end of the readable rescaled times, `(n − 2)·Δs` (0 with fewer than four nodes).
    public var rescaledTimeLimit: Double {
        nodeCount >= 4 ? Double(nodeCount - 2) * nodeSpacing : 0
    }

    /// Whether ``values(at:into:)`` can read `s` (for `0 ≤ s <` ``rescaledTimeLimit``, up to round-off at the limit).
    public func canRead(at s: Double) -> Bool {
        s >= 0 && s.isFinite && CubicLagrange.nodesNeeded(at: s / nodeSpacing) <= nodeCount
    }

    /// `c` at the watched voxels at rescaled time `s`, clamped to [0, 1], into `output[0..<voxelCount]`.
    /// - Precondition: ``canRead(at:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func values(at s: Double, into output: inout [Scalar]) {
        precondition(canRead(at: s), "s = \(s) is outside the stored run (readable below \(rescaledTimeLimit))")
        precondition(output.count >= voxelCount, "output holds \(output.count) values, need \(voxelCount)")
        let (first, w) = CubicLagrange.window(at: s / nodeSpacing)
        let n = voxelCount
        let w0 = Scalar(w[0]), w1 = Scalar(w[1]), w2 = Scalar(w[2]), w3 = Scalar(w[3])
        storage.withUnsafeBufferPointer { v in
            output.withUnsafeMutableBufferPointer { out in
                let b0 = first * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
                for k in 0..<n {
                    let c = w0 * v[b0 + k] + w1 * v[b1 + k] + w2 * v[b2 + k] + w3 * v[b3 + k]
                    out[k] = min(max(c, 0), 1)
                }
            }
        }
    }

    /// Whole work-grid fields of the same rescaled run at each of `times` (ascending, ≥ 0): the values
    /// ``values(at:into:)`` would give at every voxel, with only the four nodes of the current window in
    /// memory (for predictions and synthetic data).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func fields(solver: ForwardSolver<Scalar>, invasionLengthSquared kappa: Double, initialValues: [Double],
                              step ds: Double, at times: [Double]) -> [[Scalar]] {
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 } && times.allSatisfy { $0 >= 0 && $0.isFinite },
                     "times must be finite, ascending and ≥ 0")
        guard let last = times.last else { return [] }
        let m = stepsPerNode(step: ds)
        let spacing = Double(m) * ds
        let nodes = CubicLagrange.nodesNeeded(at: last / spacing)
        var ring = [[Scalar]](repeating: [], count: 4)   // node j in slot j % 4
        var out: [[Scalar]] = []
        var next = 0
        solver.solveUniformSteps(parameters: GrowthParameters(whiteMatterDiffusivity: kappa, proliferationRate: 1),
                                 initialValues: initialValues, step: ds, maximumSteps: (nodes - 1) * m) { step, state in
            guard step % m == 0 else { return true }
            let j = step / m
            ring[j % 4] = state.field()
            while next < times.count {
                let (first, w) = CubicLagrange.window(at: times[next] / spacing)
                guard first + 3 == j else { break }   // ascending times: windows end in order
                let c0 = ring[first % 4], c1 = ring[(first + 1) % 4], c2 = ring[(first + 2) % 4], c3 = ring[(first + 3) % 4]
                let w0 = Scalar(w[0]), w1 = Scalar(w[1]), w2 = Scalar(w[2]), w3 = Scalar(w[3])
                out.append((0..<c0.count).map { k in min(max(w0 * c0[k] + w1 * c1[k] + w2 * c2[k] + w3 * c3[k], 0), 1) })
                next += 1
            }
            return next < times.count
        }
        return out
    }
}
