import Imaging
import Probability
@testable import TumorModel

/// A synthetic heterogeneous anatomy on `n³` voxels: random WM/GM/outside voxels smoothed into blobs
/// (each voxel takes the majority class of a random 3×3×3 neighbourhood draw), with a WM core around the
/// centre so a tumour seeded there grows. Deterministic for a given seed.
func syntheticTissue(_ n: Int, spacing: SIMD3<Double> = SIMD3(repeating: 1), seed: UInt64 = 7) -> TissueMaps {
    let grid = Grid(shape: SIMD3(n, n, n), spacingMillimeters: spacing)
    var rng = Xoshiro256StarStar(seed: seed, stream: 0)
    var raw = [Double](repeating: 0, count: grid.count)
    for i in 0..<grid.count { raw[i] = Double.random(in: 0..<1, using: &rng) }
    var wm = [Double](repeating: 0, count: grid.count), gm = wm
    let c = Double(n - 1) / 2
    for z in 0..<n {
        for y in 0..<n {
            for x in 0..<n {
                var sum = 0.0, k = 0.0
                for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
                    let xx = min(max(x + dx, 0), n - 1), yy = min(max(y + dy, 0), n - 1), zz = min(max(z + dz, 0), n - 1)
                    sum += raw[grid.index(xx, yy, zz)]; k += 1
                } } }
                let m = sum / k
                let i = grid.index(x, y, z)
                let r2 = (Double(x) - c) * (Double(x) - c) + (Double(y) - c) * (Double(y) - c) + (Double(z) - c) * (Double(z) - c)
                if r2 < 9 || m > 0.52 { wm[i] = 1 } else if m > 0.44 { gm[i] = 1 }
            }
        }
    }
    return TissueMaps(grid: grid, whiteMatter: wm, greyMatter: gm)
}
