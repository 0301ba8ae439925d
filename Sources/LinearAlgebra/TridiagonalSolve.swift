import CLinearAlgebra

/// Solves a general tridiagonal system A x = b by Gaussian elimination with partial pivoting
/// (LAPACK `dgtsv`).
///
/// A has `diagonal` (n), `subdiagonal` (n − 1, entries A[i+1, i]) and `superdiagonal` (n − 1,
/// entries A[i, i+1]). The inputs are copied (dgtsv overwrites them); `b` may hold several right-hand
/// sides (n × k, column-major) and is overwritten with the solution. Uses `LAPACKE_dgtsv_work` (no NaN
/// scan), so NaN inputs propagate to the result instead of trapping.
/// - Throws: ``LinearAlgebraError/singular(pivot:)`` when a pivot is exactly zero (LAPACK `info > 0`).
public func solveTridiagonal(subdiagonal: [Double], diagonal: [Double], superdiagonal: [Double],
                             rightHandSides b: inout [Double]) throws(LinearAlgebraError) {
    let n = diagonal.count
    precondition(subdiagonal.count == max(n - 1, 0) && superdiagonal.count == max(n - 1, 0),
                 "off-diagonals need \(max(n - 1, 0)) entries, got \(subdiagonal.count) and \(superdiagonal.count)")
    precondition(n == 0 ? b.isEmpty : b.count % n == 0, "right-hand sides (\(b.count) values) are not n × k for n = \(n)")
    if n == 0 || b.isEmpty { return }
    var dl = subdiagonal, d = diagonal, du = superdiagonal
    let k = b.count / n
    let info = dl.withUnsafeMutableBufferPointer { dlp in
        d.withUnsafeMutableBufferPointer { dp in
            du.withUnsafeMutableBufferPointer { dup in
                b.withUnsafeMutableBufferPointer { bp in
                    LAPACKE_dgtsv_work(LAPACK_COL_MAJOR, lapackInt(n), lapackInt(k), dlp.baseAddress, dp.baseAddress,
                                  dup.baseAddress, bp.baseAddress, lapackInt(n))
                }
            }
        }
    }
    requireLegalArguments(info, "dgtsv")
    if info > 0 { throw .singular(pivot: Int(info)) }
}

/// Returns the solution of a general tridiagonal system (see ``solveTridiagonal(subdiagonal:diagonal:superdiagonal:rightHandSides:)``).
public func solveTridiagonal(subdiagonal: [Double], diagonal: [Double], superdiagonal: [Double],
                             rightHandSide: [Double]) throws(LinearAlgebraError) -> [Double] {
    var x = rightHandSide
    try solveTridiagonal(subdiagonal: subdiagonal, diagonal: diagonal, superdiagonal: superdiagonal,
                         rightHandSides: &x)
    return x
}
