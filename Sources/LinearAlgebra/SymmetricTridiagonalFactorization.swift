import CLinearAlgebra

/// The L·D·Lᵀ factorisation of a symmetric positive-definite tridiagonal matrix (LAPACK `dpttrf`),
/// made once and reused for many solves (`dpttrs`), e.g. the implicit half-steps of an ADI scheme where
/// every grid line along one axis shares the same matrix.
///
/// A value type holding two arrays (n and n − 1 doubles): cheap to copy, `Sendable`, safe to share
/// between threads that each solve into their own buffer. Solves work in place and allocate nothing.
public struct SymmetricTridiagonalFactorization: Sendable, Equatable, Codable {
    /// The diagonal of D.
    public let d: [Double]
    /// The subdiagonal of the unit lower-bidiagonal L.
    public let e: [Double]

    /// Order n.
    public var dimension: Int { d.count }

    /// Factors the matrix with the given `diagonal` (n) and `offDiagonal` (n − 1) entries.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(order:)`` when the leading minor of that order
    ///   is not positive definite (LAPACK `info > 0`); ``LinearAlgebraError/nonFiniteEntry`` for NaN/±∞.
    public init(diagonal: [Double], offDiagonal: [Double]) throws(LinearAlgebraError) {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0),
                     "off-diagonal needs \(max(n - 1, 0)) entries, got \(offDiagonal.count)")
        if diagonal.contains(where: { !$0.isFinite }) || offDiagonal.contains(where: { !$0.isFinite }) {
            throw .nonFiniteEntry
        }
        var d = diagonal, e = offDiagonal
        if n > 0 {
            let info = d.withUnsafeMutableBufferPointer { dp in
                e.withUnsafeMutableBufferPointer { ep in
                    LAPACKE_dpttrf_work(lapackInt(n), dp.baseAddress, ep.baseAddress)
                }
            }
            requireLegalArguments(info, "dpttrf")
            if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
        }
        self.d = d
        self.e = e
    }

    /// Overwrites `b` (n × `rightHandSides`, column-major, contiguous) with A⁻¹ b. No allocation and no
    /// NaN scan (`LAPACKE_dpttrs_work` calls LAPACK directly): O(n) per right-hand side; NaN in `b`
    /// propagates to the result.
    public func solve(inPlace b: UnsafeMutableBufferPointer<Double>, rightHandSides: Int = 1) {
        let n = dimension
        precondition(b.count >= n * rightHandSides, "buffer holds \(b.count) values, need \(n)×\(rightHandSides)")
        if n == 0 || rightHandSides == 0 { return }
        let info = d.withUnsafeBufferPointer { dp in
            e.withUnsafeBufferPointer { ep in
                LAPACKE_dpttrs_work(LAPACK_COL_MAJOR, lapackInt(n), lapackInt(rightHandSides), dp.baseAddress,
                               ep.baseAddress, b.baseAddress, lapackInt(n))
            }
        }
        requireLegalArguments(info, "dpttrs")
    }

    /// Overwrites the array `b` (n × `rightHandSides`) with A⁻¹ b. No allocation (if `b` is uniquely
    /// referenced).
    public func solve(inPlace b: inout [Double], rightHandSides: Int = 1) {
        precondition(b.count == dimension * rightHandSides,
                     "buffer holds \(b.count) values, need \(dimension)×\(rightHandSides)")
        b.withUnsafeMutableBufferPointer { solve(inPlace: $0, rightHandSides: rightHandSides) }
    }

    /// Returns A⁻¹ b for one right-hand side.
    public func solve(_ b: [Double]) -> [Double] {
        var x = b
        solve(inPlace: &x)
        return x
    }
}
