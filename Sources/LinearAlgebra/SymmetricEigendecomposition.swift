import CLinearAlgebra

/// The eigen-decomposition A = V Λ Vᵀ of a real symmetric matrix (LAPACK `dsyevd`, divide and conquer).
///
/// Only the lower triangle of the input is read. Eigenvalues are in ascending order; column k of
/// `eigenvectors` is the unit eigenvector of `eigenvalues[k]` (its sign is whatever LAPACK returns).
public struct SymmetricEigendecomposition: Sendable, Codable {
    /// Eigenvalues, ascending.
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors as columns, in the order of `eigenvalues`.
    public let eigenvectors: Matrix

    /// Decomposes `a`.
    /// - Throws: ``LinearAlgebraError/nonFiniteEntry`` if the lower triangle holds NaN or ±∞;
    ///   ``LinearAlgebraError/notConverged(offDiagonal:)`` if the algorithm fails to converge
    ///   (LAPACK `info > 0`).
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        precondition(a.isSquare, "eigen-decomposition needs a square matrix, got \(a.rows)×\(a.columns)")
        let n = a.rows
        for j in 0..<n { for i in j..<n where !a[i, j].isFinite { throw .nonFiniteEntry } }
        var v = a.storage
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = v.withUnsafeMutableBufferPointer { vp in
                w.withUnsafeMutableBufferPointer { wp in
                    LAPACKE_dsyevd(LAPACK_COL_MAJOR, lapackChar("V"), lapackChar("L"), lapackInt(n),
                                   vp.baseAddress, lapackInt(n), wp.baseAddress)
                }
            }
            requireLegalArguments(info, "dsyevd")
            if info > 0 { throw .notConverged(offDiagonal: Int(info)) }
        }
        eigenvalues = w
        eigenvectors = Matrix(rows: n, columns: n, columnMajor: v)
    }

    /// V f(Λ) Vᵀ: the matrix with the same eigenvectors and eigenvalues mapped by `f`.
    public func reconstructed(mappingEigenvalues f: (Double) -> Double) -> Matrix {
        let n = eigenvalues.count
        var scaled = eigenvectors
        for k in 0..<n {
            let s = f(eigenvalues[k])
            for i in 0..<n { scaled[i, k] *= s }
        }
        return Matrix.multiply(scaled, eigenvectors, transposeB: true)
    }
}
