import Foundation
import Imaging

/// A point on the patient grid, in world millimetres (through the grid's affine) or in voxel indices.
public enum SeedPoint: Sendable, Equatable, Codable {
    /// World coordinates in mm (`Grid.affine` maps voxel → world).
    case world(SIMD3<Double>)
    /// Fractional voxel indices (0-based, voxel centres at integers).
    case voxel(SIMD3<Double>)

    /// The seed in world mm on `grid`, or `nil` if the grid's affine is singular.
    public func worldMillimeters(on grid: Grid) -> SIMD3<Double> {
        switch self {
        case .world(let w): return w
        case .voxel(let v): return grid.affine.world(fromVoxel: v)
        }
    }

    /// The seed in fractional voxel indices of `grid`, or `nil` if the affine is singular.
    public func voxelIndex(on grid: Grid) -> SIMD3<Double>? {
        switch self {
        case .world(let w): return grid.affine.voxel(fromWorld: w)
        case .voxel(let v): return v
        }
    }
}

/// The tumour at time zero. Values outside tissue are set to 0.
public enum InitialCondition: Sendable, Equatable, Codable {
    /// `c0 = a·exp(−|x−x0|²/(2σ²))`, cut to 0 beyond 6σ (below `a·1.5e-8`). σ in mm (DESIGN.md §1: 1–2 voxels).
    case gaussian(center: SeedPoint, sigmaMillimeters: Double, amplitude: Double)
    /// GliomaSolver's smoothed ball: `ψ = (|x−x0| − R)/W`, `c0 = ½(1 − ψ − sin(πψ)/π)` for `|ψ| ≤ 1`,
    /// 1 inside (`ψ < −1`), 0 outside (`ψ > 1`). `R`, `W` in mm. GliomaSolver uses `R = 0.005·L`,
    /// `W = 2L/128` on a domain of side `L` (256 mm): see ``gliomaSolverBall(center:)``.
    case smoothedBall(center: SeedPoint, radiusMillimeters: Double, widthMillimeters: Double)

    /// GliomaSolver's default ball on its 256 mm domain: `R = 1.28 mm`, `W = 4 mm`.
    public static func gliomaSolverBall(center: SeedPoint) -> InitialCondition {
        .smoothedBall(center: center, radiusMillimeters: 0.005 * 256, widthMillimeters: 2.0 / 128 * 256)
    }

    /// The seed point.
    public var center: SeedPoint {
        switch self {
        case .gaussian(let c, _, _), .smoothedBall(let c, _, _): return c
        }
    }

    /// Radius (mm) beyond which the initial condition is exactly zero.
    public var supportRadiusMillimeters: Double {
        switch self {
        case .gaussian(_, let s, _): return 6 * s
        case .smoothedBall(_, let r, let w): return r + w
        }
    }

    /// Value at distance `d` mm from the centre.
    @inlinable public func value(atDistance d: Double) -> Double {
        switch self {
        case .gaussian(_, let s, let a):
            return d > 6 * s ? 0 : a * exp(-d * d / (2 * s * s))
        case .smoothedBall(_, let r, let w):
            let psi = (d - r) / w
            if psi <= -1 { return 1 }
            if psi >= 1 { return 0 }
            return 0.5 * (1 - psi - sin(Double.pi * psi) / Double.pi)
        }
    }

    /// Evaluates on the domain's work grid (0 outside tissue and outside the support).
    public func values<Scalar>(on domain: TumorDomain<Scalar>) -> [Double] {
        let grid = domain.workGrid
        var out = [Double](repeating: 0, count: grid.count)
        let centerWorld = center.worldMillimeters(on: domain.patientGrid)
        guard let centerVoxel = grid.affine.voxel(fromWorld: centerWorld) else {
            preconditionFailure("the grid affine is singular")
        }
        let reach = supportRadiusMillimeters
        let lengths = grid.affine.columnLengths
        let s = grid.shape
        func range(_ c: Double, _ len: Double, _ n: Int) -> ClosedRange<Int>? {
            let lo = max(0, Int((c - reach / len).rounded(.down)) - 1)
            let hi = min(n - 1, Int((c + reach / len).rounded(.up)) + 1)
            return lo <= hi ? lo...hi : nil
        }
        guard let rx = range(centerVoxel.x, lengths.x, s.x), let ry = range(centerVoxel.y, lengths.y, s.y),
              let rz = range(centerVoxel.z, lengths.z, s.z) else { return out }
        for z in rz {
            for y in ry {
                for x in rx {
                    let i = grid.index(x, y, z)
                    guard domain.isTissue[i] else { continue }
                    let p = grid.affine.world(fromVoxel: SIMD3(Double(x), Double(y), Double(z)))
                    let d = p - centerWorld
                    out[i] = value(atDistance: (d * d).sum().squareRoot())
                }
            }
        }
        return out
    }
}
