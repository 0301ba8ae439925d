import Imaging

extension TissueMaps {
    /// GliomaSolver's coarse-grid convention: grid point `i` of an `N`-point axis takes the fine voxel
    /// `⌊i·n/N⌋` (point sampling, no averaging) with `N = n / factor`, spacing `factor·h`, and affine
    /// `diag(spacing)` (zero offset: coarse voxel `i` sits at `i·factor·h` mm, like fine voxel `i·factor`
    /// under the identity sform of the reference case). See ../shared/data/gliomasolver-reference/README.md.
    /// For physically faithful coarse anatomies use block averaging from Imaging instead.
    public func gliomaSolverPointSampled(factor: Int) -> TissueMaps {
        precondition(factor >= 1, "sampling factor must be at least 1")
        let n = grid.shape
        precondition(n.x % factor == 0 && n.y % factor == 0 && n.z % factor == 0,
                     "shape \(n) is not divisible by \(factor)")
        let coarseShape = SIMD3(n.x / factor, n.y / factor, n.z / factor)
        let coarse = Grid(shape: coarseShape, spacingMillimeters: grid.spacingMillimeters * Double(factor))
        func sample(_ a: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: coarse.count)
            for z in 0..<coarseShape.z {
                for y in 0..<coarseShape.y {
                    for x in 0..<coarseShape.x {
                        out[coarse.index(x, y, z)] = a[grid.index(x * n.x / coarseShape.x, y * n.y / coarseShape.y,
                                                                 z * n.z / coarseShape.z)]
                    }
                }
            }
            return out
        }
        return TissueMaps(grid: coarse, whiteMatter: sample(whiteMatter), greyMatter: sample(greyMatter),
                          csf: csf.map(sample))
    }
}
