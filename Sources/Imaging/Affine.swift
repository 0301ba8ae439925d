/// A 4×4 affine map from voxel indices (i, j, k) to world coordinates (x, y, z) in millimetres,
/// as in the NIfTI-1 sform: `world = A · [i, j, k, 1]ᵀ`.
///
/// Stored row-major; the last row is always `[0, 0, 0, 1]`.
public struct Affine: Sendable, Equatable, Codable {
    /// The three upper rows, row-major: `rows[r * 4 + c]`.
    public var rows: [Double]

    /// Creates an affine from its three upper rows (12 numbers, row-major).
    public init(rows: [Double]) {
        precondition(rows.count == 12, "Affine needs 12 numbers (3 rows of 4), got \(rows.count)")
        self.rows = rows
    }

    /// The scaling affine `diag(sx, sy, sz)` with zero offset (the NIfTI "method 1" fallback).
    public static func scaling(_ spacing: SIMD3<Double>) -> Affine {
        Affine(rows: [spacing.x, 0, 0, 0,
                      0, spacing.y, 0, 0,
                      0, 0, spacing.z, 0])
    }

    /// Element at row `r` (0...2), column `c` (0...3).
    @inlinable public subscript(r: Int, c: Int) -> Double { rows[r * 4 + c] }

    /// Whether every entry is finite.
    public var isFinite: Bool { rows.allSatisfy { $0.isFinite } }

    /// Maps a (possibly fractional) voxel index to world millimetres.
    public func world(fromVoxel v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(self[0, 0] * v.x + self[0, 1] * v.y + self[0, 2] * v.z + self[0, 3],
              self[1, 0] * v.x + self[1, 1] * v.y + self[1, 2] * v.z + self[1, 3],
              self[2, 0] * v.x + self[2, 1] * v.y + self[2, 2] * v.z + self[2, 3])
    }

    /// Maps world millimetres to a fractional voxel index, or `nil` if the 3×3 part is singular.
    public func voxel(fromWorld w: SIMD3<Double>) -> SIMD3<Double>? {
        let a = self[0, 0], b = self[0, 1], c = self[0, 2]
        let d = self[1, 0], e = self[1, 1], f = self[1, 2]
        let g = self[2, 0], h = self[2, 1], i = self[2, 2]
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        guard det != 0, det.isFinite else { return nil }
        let p = w - SIMD3(self[0, 3], self[1, 3], self[2, 3])
        // Adjugate / determinant.
        let x = ((e * i - f * h) * p.x - (b * i - c * h) * p.y + (b * f - c * e) * p.z) / det
        let y = (-(d * i - f * g) * p.x + (a * i - c * g) * p.y - (a * f - c * d) * p.z) / det
        let z = ((d * h - e * g) * p.x - (a * h - b * g) * p.y + (a * e - b * d) * p.z) / det
        return SIMD3(x, y, z)
    }

    /// Column lengths of the 3×3 part: the voxel size along each index axis, in mm.
    public var columnLengths: SIMD3<Double> {
        func len(_ c: Int) -> Double {
            (self[0, c] * self[0, c] + self[1, c] * self[1, c] + self[2, c] * self[2, c]).squareRoot()
        }
        return SIMD3(len(0), len(1), len(2))
    }

    /// Largest absolute entry-wise difference to another affine.
    public func maxAbsoluteDifference(to other: Affine) -> Double {
        zip(rows, other.rows).map { abs($0 - $1) }.max() ?? 0
    }
}
