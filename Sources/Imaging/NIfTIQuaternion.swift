/// Conversions between the NIfTI quaternion form (qform) and an affine, as in `nifti1_io.c`
/// (`nifti_quatern_to_mat44`, `nifti_mat44_to_quatern`).
///
/// A qform is a rotation quaternion `(a, b, c, d)` with `a = √(1 − b² − c² − d²) ≥ 0`, voxel sizes
/// `pixdim[1…3]`, a handedness factor `qfac = ±1` (stored in `pixdim[0]`; it multiplies the third
/// column) and an offset. `affine = [R · diag(dx, dy, qfac·dz) | offset]`.
public struct NIfTIQuaternion: Sendable, Equatable {
    /// Quaternion components b, c, d (a is implied).
    public var b: Double, c: Double, d: Double
    /// World position of voxel (0, 0, 0), mm.
    public var offset: SIMD3<Double>
    /// Voxel sizes (positive), mm.
    public var spacing: SIMD3<Double>
    /// Handedness: +1 or −1.
    public var qfac: Double

    /// Creates a qform.
    public init(b: Double, c: Double, d: Double, offset: SIMD3<Double>, spacing: SIMD3<Double>, qfac: Double) {
        self.b = b
        self.c = c
        self.d = d
        self.offset = offset
        self.spacing = spacing
        self.qfac = qfac
    }

    /// The affine of this qform. When `b² + c² + d²` exceeds 1 by round-off, `(b, c, d)` is
    /// renormalised and `a = 0` (a 180° rotation), as `nifti1_io.c` does.
    public var affine: Affine {
        var (b, c, d) = (self.b, self.c, self.d)
        var a = 1 - (b * b + c * c + d * d)
        if a < 1e-7 {
            let norm = (b * b + c * c + d * d).squareRoot()
            if norm > 0 { (b, c, d) = (b / norm, c / norm, d / norm) }
            a = 0
        } else {
            a = a.squareRoot()
        }
        let r11 = a * a + b * b - c * c - d * d, r12 = 2 * (b * c - a * d), r13 = 2 * (b * d + a * c)
        let r21 = 2 * (b * c + a * d), r22 = a * a + c * c - b * b - d * d, r23 = 2 * (c * d - a * b)
        let r31 = 2 * (b * d - a * c), r32 = 2 * (c * d + a * b), r33 = a * a + d * d - c * c - b * b
        let (x, y, z) = (spacing.x, spacing.y, (qfac < 0 ? -1 : 1) * spacing.z)
        return Affine(rows: [r11 * x, r12 * y, r13 * z, offset.x,
                             r21 * x, r22 * y, r23 * z, offset.y,
                             r31 * x, r32 * y, r33 * z, offset.z])
    }

    /// The qform closest to an affine: column lengths give the spacing, the sign of the determinant
    /// gives qfac, and the nearest rotation (polar decomposition, as `nifti_mat44_to_quatern`) gives
    /// the quaternion. Exact for affines of the form rotation · diag(spacing) (with or without a flip).
    public init(affine m: Affine) {
        var columns = (0..<3).map { c in SIMD3(m[0, c], m[1, c], m[2, c]) }
        var spacing = SIMD3<Double>(1, 1, 1)
        for c in 0..<3 {
            let length = (columns[c] * columns[c]).sum().squareRoot()
            if length > 0 && length.isFinite {
                spacing[c] = length
                columns[c] /= length
            } else {
                columns[c] = SIMD3((c == 0 ? 1 : 0), (c == 1 ? 1 : 0), (c == 2 ? 1 : 0))
            }
        }
        // Polar decomposition by the iteration X ← ½(X + X⁻ᵀ) (nifti_mat33_polar): nearest orthogonal matrix.
        var x = [[Double]](repeating: [0, 0, 0], count: 3)
        for r in 0..<3 { for c in 0..<3 { x[r][c] = columns[c][r] } }
        for _ in 0..<100 {
            guard let inverse = Self.inverse3(x) else { break }
            var next = x
            var change = 0.0
            for r in 0..<3 {
                for c in 0..<3 {
                    next[r][c] = 0.5 * (x[r][c] + inverse[c][r])
                    change = max(change, abs(next[r][c] - x[r][c]))
                }
            }
            x = next
            if change < 1e-15 { break }
        }
        var qfac = 1.0
        if Self.determinant3(x) < 0 {
            qfac = -1
            for r in 0..<3 { x[r][2] = -x[r][2] }
        }
        let (r11, r12, r13) = (x[0][0], x[0][1], x[0][2])
        let (r21, r22, r23) = (x[1][0], x[1][1], x[1][2])
        let (r31, r32, r33) = (x[2][0], x[2][1], x[2][2])
        var a = r11 + r22 + r33 + 1
        var b: Double, c: Double, d: Double
        if a > 0.5 {
            a = 0.5 * a.squareRoot()
            b = 0.25 * (r32 - r23) / a
            c = 0.25 * (r13 - r31) / a
            d = 0.25 * (r21 - r12) / a
        } else {
            let xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22)
            if xd > 1 {
                b = 0.5 * xd.squareRoot(); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b
            } else if yd > 1 {
                c = 0.5 * yd.squareRoot(); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c
            } else {
                d = 0.5 * zd.squareRoot(); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d
            }
            if a < 0 { (b, c, d) = (-b, -c, -d) }
        }
        self.init(b: b, c: c, d: d, offset: SIMD3(m[0, 3], m[1, 3], m[2, 3]), spacing: spacing, qfac: qfac)
    }

    static func determinant3(_ m: [[Double]]) -> Double {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }

    static func inverse3(_ m: [[Double]]) -> [[Double]]? {
        let det = determinant3(m)
        guard det != 0, det.isFinite else { return nil }
        var inv = [[Double]](repeating: [0, 0, 0], count: 3)
        inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det
        inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det
        inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det
        inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det
        inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det
        inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det
        inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det
        inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det
        inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det
        return inv
    }
}
