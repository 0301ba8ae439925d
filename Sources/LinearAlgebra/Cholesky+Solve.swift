import CLinearAlgebra

extension Cholesky {
    /// Solves A x = b with the factor (LAPACK `dpotrs`). Never fails once A is factored.
    /// - Complexity: O(n²).
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == dimension, "right-hand side length \(b.count) does not match order \(dimension)")
        var x = b
        solve(inPlace: &x, rightHandSides: 1)
        return x
    }

    /// Solves A X = B for a matrix of right-hand sides (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == dimension, "right-hand side has \(b.rows) rows, order is \(dimension)")
        var x = b.storage
        solve(inPlace: &x, rightHandSides: b.columns)
        return Matrix(rows: b.rows, columns: b.columns, columnMajor: x)
    }

    /// Overwrites `b` (n × `rightHandSides`, column-major) with A⁻¹ b; no allocation. Calls
    /// `LAPACKE_dpotrs_work` (no NaN scan): NaN in `b` gives NaN in the result, never a trap.
    public func solve(inPlace b: inout [Double], rightHandSides: Int) {
        let n = dimension
        precondition(b.count == n * rightHandSides, "buffer holds \(b.count) values, need \(n)×\(rightHandSides)")
        if n == 0 || rightHandSides == 0 { return }
        let info = lower.storage.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { x in
                LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, lapackChar("L"), lapackInt(n), lapackInt(rightHandSides),
                               l.baseAddress, lapackInt(n), x.baseAddress, lapackInt(n))
            }
        }
        requireLegalArguments(info, "dpotrs")
    }

    /// Solves L y = b (forward substitution, BLAS `dtrsv`), e.g. for the Mahalanobis distance
    /// |L⁻¹(x − μ)|² of a multivariate normal.
    public func solveLower(_ b: [Double]) -> [Double] {
        let n = dimension
        precondition(b.count == n, "right-hand side length \(b.count) does not match order \(n)")
        if n == 0 { return [] }
        var y = b
        lower.storage.withUnsafeBufferPointer { l in
            y.withUnsafeMutableBufferPointer { v in
                cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, lapackInt(n),
                            l.baseAddress, lapackInt(n), v.baseAddress, 1)
            }
        }
        return y
    }

    /// The inverse A⁻¹ (dense; prefer ``solve(_:)-(Matrix)`` when a product with A⁻¹ is all you need).
    public var inverse: Matrix { solve(Matrix.identity(dimension)) }
}
