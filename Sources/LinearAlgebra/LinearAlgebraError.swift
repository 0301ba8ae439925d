/// Failures that come from the data, not from the caller's code (LAPACK `info > 0`).
///
/// A negative `info` means an illegal argument, which is a bug in GlioBayes: that is a precondition
/// failure, never this error.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Cholesky failed: the leading minor of this order (1-based) is not positive definite.
    case notPositiveDefinite(order: Int)
    /// A pivot in a factorisation or solve was exactly zero at this (1-based) position.
    case singular(pivot: Int)
    /// An iterative LAPACK routine (e.g. the symmetric eigensolver) did not converge.
    case notConverged(offDiagonal: Int)
    /// The input to a factorisation holds NaN or an infinity (checked before calling LAPACK, whose
    /// LAPACKE layer would otherwise report it as an illegal argument).
    case nonFiniteEntry

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k): "matrix is not positive definite (leading minor of order \(k))"
        case .singular(let k): "matrix is singular (zero pivot at position \(k))"
        case .notConverged(let k): "eigen-decomposition did not converge (\(k) off-diagonal elements)"
        case .nonFiniteEntry: "matrix has a non-finite entry (NaN or infinity)"
        }
    }
}
