/// Downsampling by an integer factor (1 mm → 2 mm with factor 2, → 4 mm with factor 4).
///
/// Two placements of the coarse grid:
/// - **block** (``Volume/blockAveraged(factor:)``, ``Volume/blockDownsampled(factor:rule:)``): coarse voxel
///   `I` covers fine voxels `f·I … f·I + f − 1` on each axis; its centre is at fine index `f·I + (f − 1)/2`.
/// - **point** (``Volume/pointSampled(factor:)``): coarse voxel `I` *is* fine voxel `f·I` (the GliomaSolver
///   reference convention); its centre is that voxel's centre.
///
/// In both, the coarse shape is `⌈n / f⌉` per axis. At the far edge a block may be partial (when `f`
/// does not divide `n`): it averages the voxels present, and its centre in the affine stays at the full
/// block's centre (the grid must stay regular).
extension Grid {
    /// Where coarse voxel centres sit relative to the fine grid.
    public enum DownsamplingPlacement: Sendable {
        /// Centre of each `f × f × f` block: fine index `f·I + (f − 1)/2`.
        case blockCentre
        /// The fine voxel `f·I`.
        case firstVoxel
    }

    /// The coarse grid for an integer `factor`: shape `⌈n / f⌉`, spacing `f·h`, and an affine whose
    /// columns are `f` times the fine ones and whose origin is the fine world position of the
    /// placement's centre of coarse voxel (0, 0, 0).
    public func downsampled(factor: Int, placement: DownsamplingPlacement) -> Grid {
        precondition(factor >= 1, "downsampling factor must be ≥ 1, got \(factor)")
        let f = Double(factor)
        let shape = (self.shape &+ (factor - 1)) / factor
        let start = placement == .blockCentre ? (f - 1) / 2 : 0
        let origin = affine.world(fromVoxel: SIMD3(repeating: start))
        var rows = affine.rows
        for r in 0..<3 {
            for c in 0..<3 { rows[r * 4 + c] *= f }
            rows[r * 4 + 3] = origin[r]
        }
        return Grid(shape: shape, spacingMillimeters: spacingMillimeters * f, affine: Affine(rows: rows))
    }
}

extension Volume {
    /// Nearest point sampling: coarse voxel `I` takes the value of fine voxel `f·I` (GliomaSolver's
    /// convention). Works for any scalar (probabilities, masks, labels).
    public func pointSampled(factor: Int) -> Volume<Scalar> {
        let coarse = grid.downsampled(factor: factor, placement: .firstVoxel)
        var out: [Scalar] = []
        out.reserveCapacity(coarse.count)
        for z in 0..<coarse.shape.z {
            for y in 0..<coarse.shape.y {
                for x in 0..<coarse.shape.x {
                    out.append(values[grid.index(x * factor, y * factor, z * factor)])
                }
            }
        }
        return Volume(grid: coarse, values: out)
    }
}

/// Block sums over the fine grid: `sums[I]` = Σ of `value(i)` over the fine voxels of block `I`, and
/// `counts[I]` = how many fine voxels block `I` has (fewer than f³ at the far edges).
private func blockSums(_ grid: Grid, factor: Int, _ value: (Int) -> Double) -> (coarse: Grid, sums: [Double], counts: [Int]) {
    let coarse = grid.downsampled(factor: factor, placement: .blockCentre)
    var sums = [Double](repeating: 0, count: coarse.count)
    var counts = [Int](repeating: 0, count: coarse.count)
    for z in 0..<grid.shape.z {
        let cz = z / factor
        for y in 0..<grid.shape.y {
            let cy = y / factor
            let row = grid.index(0, y, z)
            let coarseRow = coarse.index(0, cy, cz)
            for x in 0..<grid.shape.x {
                let c = coarseRow + x / factor
                sums[c] += value(row + x)
                counts[c] += 1
            }
        }
    }
    return (coarse, sums, counts)
}

extension Volume where Scalar == Double {
    /// Block average for probability maps and other continuous fields: coarse voxel = mean of the fine
    /// voxels in its `f × f × f` block (partial edge blocks: mean of the voxels present). Preserves the
    /// integral `Σ value · voxel volume` exactly when `f` divides every dimension.
    public func blockAveraged(factor: Int) -> Volume<Double> {
        let (coarse, sums, counts) = values.withUnsafeBufferPointer { buffer in
            blockSums(grid, factor: factor) { buffer[$0] }
        }
        return Volume(grid: coarse, values: zip(sums, counts).map { $0 / Double($1) })
    }
}

extension Volume where Scalar == Float {
    /// Block average of a `Float` field (accumulated in `Double`); see the `Double` version.
    public func blockAveraged(factor: Int) -> Volume<Float> {
        let (coarse, sums, counts) = values.withUnsafeBufferPointer { buffer in
            blockSums(grid, factor: factor) { Double(buffer[$0]) }
        }
        return Volume(grid: coarse, values: zip(sums, counts).map { Float($0 / Double($1)) })
    }
}

/// How a binary mask is downsampled by blocks.
public enum MaskDownsamplingRule: Sendable {
    /// `true` when at least half of the block's voxels present are `true` (block mean ≥ ½): the same
    /// answer as block-averaging the 0/1 map and thresholding at 0.5. The default.
    case majority
    /// `true` when any voxel of the block is `true` (never loses a lesion; grows it).
    case any
}

extension Volume where Scalar == Bool {
    /// Block downsampling of a mask; the default rule is ``MaskDownsamplingRule/majority``
    /// (fraction of `true` voxels among those present ≥ ½; partial edge blocks count the voxels present).
    public func blockDownsampled(factor: Int, rule: MaskDownsamplingRule = .majority) -> Volume<Bool> {
        let (coarse, sums, counts) = values.withUnsafeBufferPointer { buffer in
            blockSums(grid, factor: factor) { buffer[$0] ? 1 : 0 }
        }
        let result: [Bool] = zip(sums, counts).map { sum, count in
            switch rule {
            case .majority: 2 * sum >= Double(count)
            case .any: sum > 0
            }
        }
        return Volume(grid: coarse, values: result)
    }
}
