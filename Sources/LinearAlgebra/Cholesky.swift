import CLinearAlgebra
import Foundation

/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
public struct Cholesky: Sendable, Equatable, Codable {
    /// The lower-triangular factor L (entries above the diagonal are zero).
    public let lower: Matrix

    /// Factors `a`, reading its lower triangle.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(order:)`` when `a` is not SPD,
    ///   ``LinearAlgebraError/nonFiniteEntry`` when its lower triangle holds NaN or ±∞.
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        precondition(a.isSquare, "Cholesky needs a square matrix, got \(a.rows)×\(a.columns)")
        let n = a.rows
        for j in 0..<n { for i in j..<n where !a[i, j].isFinite { throw .nonFiniteEntry } }
        var s = a.storage
        let info: Int32 = n == 0 ? 0 : s.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
        }
        precondition(info >= 0, "dpotrf: illegal argument \(-info)")
        if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
        for j in 0..<n { for i in 0..<j { s[i + j * n] = 0 } }
        lower = Matrix(rows: n, columns: n, columnMajor: s)
    }

    /// Order of the matrix.
    public var dimension: Int { lower.rows }

    /// `L · z` for a vector z (e.g. turning standard normals into correlated ones).
    public func multiplyLower(_ z: [Double]) -> [Double] {
        let n = dimension
        precondition(z.count == n, "vector length \(z.count) does not match order \(n)")
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for j in 0...i { sum += lower[i, j] * z[j] }
            y[i] = sum
        }
        return y
    }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0.0) { $0 + 2 * log(lower[$1, $1]) }
    }
}

