import Imaging

/// A read-only view of the solver's density at one node of ``ForwardSolver/solveUniformSteps(parameters:initialValues:step:maximumSteps:observe:)``,
/// valid only during the `observe` call that receives it.
///
/// The solver stores `a = R(τ)·c` (Strang splitting fuses the two reaction half steps, τ = Δt/2), so
/// reading undoes the half step voxel by voxel: `c = a·e/(1 − a + a·e)`, `e = e^{−ρτ}` (exact logistic
/// flow backwards). Outside ``activeBox`` every value is exactly 0.
///
/// The per-voxel loops are specialised for Float and Double (`@_specialize`): called from another
/// module, generic code would otherwise run unspecialised, tens of times slower.
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

    /// `c` at the voxels of `watched` that lie inside the active box, written to their positions in
    /// `output`; positions outside the box are left as they are (there c is 0, so a zero-filled output
    /// ends up complete). Visits only the z-planes of the box.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func gather(_ watched: WatchedVoxels, into output: UnsafeMutableBufferPointer<Scalar>) {
        precondition(output.count >= watched.count, "output holds \(output.count) values, need \(watched.count)")
        precondition(watched.grid.shape == grid.shape, "watched voxels are on another grid")
        let box = activeBox
        if box.isEmpty { return }
        let x0 = Int32(box.lower.x), x1 = Int32(box.upper.x), y0 = Int32(box.lower.y), y1 = Int32(box.upper.y)
        watched.order.withUnsafeBufferPointer { order in
            watched.planeCoordinates.withUnsafeBufferPointer { xy in
                watched.indices.withUnsafeBufferPointer { indices in
                    for k in watched.planeStart[box.lower.z]..<watched.planeStart[box.upper.z + 1] {
                        let c = xy[k]
                        guard c.x >= x0, c.x <= x1, c.y >= y0, c.y <= y1 else { continue }
                        let p = Int(order[k])
                        output[p] = undoHalfStep(buffer[indices[p]])
                    }
                }
            }
        }
    }

    /// The whole work-grid field of c (0 outside the active box).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func field() -> [Scalar] {
        var out = [Scalar](repeating: 0, count: grid.count)
        forEachActiveIndex { out[$0] = undoHalfStep(buffer[$0]) }
        return out
    }

    /// Number of voxels with `c ≥ θ`. The half step is monotone, so this compares the stored values
    /// with `R(τ)θ` instead of transforming every voxel.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
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
