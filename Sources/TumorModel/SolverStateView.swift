import Imaging

/// A read-only view of the solver's density at one node of ``ForwardSolver/solveUniformSteps(parameters:initialValues:step:maximumSteps:observe:)``,
/// valid only during the `observe` call that receives it.
///
/// The solver stores `a = R(τ)·c` (Strang splitting fuses the two reaction half steps, τ = Δt/2), so
/// reading undoes the half step voxel by voxel: `c = a·e/(1 − a + a·e)`, `e = e^{−ρτ}` (exact logistic
/// flow backwards). Outside ``activeBox`` every value is exactly 0.
public struct SolverStateView<Scalar: SolverScalar> {
    let buffer: UnsafePointer<Scalar>
    /// `e^{−ρτ}` (1 when no half step is pending).
    let backGrowth: Scalar
    /// `e^{+ρτ}`, to move thresholds instead of values in ``count(atLeast:)``.
    let forwardGrowth: Double
    /// The node's time (days, or rescaled time s).
    public let time: Double
    /// The box outside which c is 0.
    public let activeBox: VoxelBox
    /// The solver's work grid.
    public let grid: Grid

    @inline(__always) func undoHalfStep(_ a: Scalar) -> Scalar {
        backGrowth == 1 ? a : a * backGrowth / (1 - a + a * backGrowth)
    }

    /// `c` at work-grid index `i`.
    public func density(atWorkIndex i: Int) -> Scalar {
        precondition(i >= 0 && i < grid.count, "work index \(i) out of range")
        return undoHalfStep(buffer[i])
    }

    /// `c` at each of `indices` (work grid), written to `output[0..<indices.count]`.
    public func gather(_ indices: [Int], into output: UnsafeMutableBufferPointer<Scalar>) {
        precondition(output.count >= indices.count, "output holds \(output.count) values, need \(indices.count)")
        let n = grid.count
        for (k, i) in indices.enumerated() {
            precondition(i >= 0 && i < n, "work index \(i) out of range")
            output[k] = undoHalfStep(buffer[i])
        }
    }

    /// The whole work-grid field of c (0 outside the active box).
    public func field() -> [Scalar] {
        var out = [Scalar](repeating: 0, count: grid.count)
        forEachActiveIndex { out[$0] = undoHalfStep(buffer[$0]) }
        return out
    }

    /// Number of voxels with `c ≥ θ`. The half step is monotone, so this compares the stored values
    /// with `R(τ)θ` instead of transforming every voxel.
    public func count(atLeast theta: Double) -> Int {
        guard theta > 0 else { return grid.count }
        let shifted = Scalar(theta * forwardGrowth / (1 - theta + theta * forwardGrowth))
        var n = 0
        forEachActiveIndex { if buffer[$0] >= shifted { n += 1 } }
        return n
    }

    private func forEachActiveIndex(_ body: (Int) -> Void) {
        let box = activeBox
        if box.isEmpty { return }
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                let row = grid.index(box.lower.x, y, z)
                for i in row...(row + box.upper.x - box.lower.x) { body(i) }
            }
        }
    }
}
