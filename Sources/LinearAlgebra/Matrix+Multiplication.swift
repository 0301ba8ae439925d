import CLinearAlgebra

extension Matrix {
    /// y ← α·op(A)·x + β·y with op(A) = A or Aᵀ (BLAS `dgemv`), writing into the caller's `y`.
    public static func multiply(_ a: Matrix, _ x: [Double], transpose: Bool = false,
                                alpha: Double = 1, beta: Double = 0, into y: inout [Double]) {
        let (outCount, inCount) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
        precondition(x.count == inCount, "gemv: x has \(x.count) entries, op(A) has \(inCount) columns")
        precondition(y.count == outCount, "gemv: y has \(y.count) entries, op(A) has \(outCount) rows")
        if outCount == 0 { return }
        if inCount == 0 { for i in y.indices { y[i] *= beta }; return }
        a.storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
                                lapackInt(a.rows), lapackInt(a.columns), alpha, ap.baseAddress,
                                lapackInt(max(a.rows, 1)), xp.baseAddress, 1, beta, yp.baseAddress, 1)
                }
            }
        }
    }

    /// op(A)·x (BLAS `dgemv`).
    public static func multiply(_ a: Matrix, _ x: [Double], transpose: Bool = false) -> [Double] {
        var y = [Double](repeating: 0, count: transpose ? a.columns : a.rows)
        multiply(a, x, transpose: transpose, into: &y)
        return y
    }

    /// C ← α·op(A)·op(B) + β·C (BLAS `dgemm`), writing into the caller's `c`.
    public static func multiply(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                                alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(k == kb, "gemm: inner dimensions differ (\(k) and \(kb))")
        precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), product is \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 { for i in c.storage.indices { c.storage[i] *= beta }; return }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                lapackInt(m), lapackInt(n), lapackInt(k), alpha,
                                ap.baseAddress, lapackInt(max(a.rows, 1)),
                                bp.baseAddress, lapackInt(max(b.rows, 1)),
                                beta, cp.baseAddress, lapackInt(max(m, 1)))
                }
            }
        }
    }

    /// op(A)·op(B) (BLAS `dgemm`).
    public static func multiply(_ a: Matrix, _ b: Matrix, transposeA: Bool = false,
                                transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = Matrix(rows: m, columns: n, columnMajor: [Double](repeating: 0, count: m * n))
        multiply(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        return c
    }

    /// Aᵀ.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows, columnMajor: [Double](repeating: 0, count: rows * columns))
        for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }
}
