import Foundation

extension Cholesky {
    /// Factors `a`, adding jitter to the diagonal if needed: tries A, then A + δI with
    /// δ = `initialJitter`·mean(diag A), multiplying δ by 10 up to `maximumAttempts` times. Meant for
    /// adaptive proposal covariances that are positive semi-definite up to round-off.
    /// - Returns: the factor and the jitter δ actually added (0 if none).
    /// - Throws: the last ``LinearAlgebraError/notPositiveDefinite(order:)`` if every attempt fails.
    public static func withJitter(_ a: Matrix, initialJitter: Double = 1e-10, maximumAttempts: Int = 8)
        throws(LinearAlgebraError) -> (factor: Cholesky, jitter: Double) {
        precondition(a.isSquare, "Cholesky needs a square matrix, got \(a.rows)×\(a.columns)")
        precondition(initialJitter > 0 && maximumAttempts >= 1, "jitter must be positive, attempts ≥ 1")
        let n = a.rows
        var lastError = LinearAlgebraError.notPositiveDefinite(order: 1)
        do throws(LinearAlgebraError) { return (try Cholesky(a), 0) } catch { lastError = error }
        let meanDiagonal = n == 0 ? 1 : (0..<n).reduce(0.0) { $0 + abs(a[$1, $1]) } / Double(n)
        var jitter = initialJitter * (meanDiagonal > 0 ? meanDiagonal : 1)
        for _ in 0..<maximumAttempts {
            var shifted = a
            for i in 0..<n { shifted[i, i] += jitter }
            do throws(LinearAlgebraError) { return (try Cholesky(shifted), jitter) } catch { lastError = error }
            jitter *= 10
        }
        throw lastError
    }
}

extension Matrix {
    /// The nearest symmetric matrix with eigenvalues ≥ `minimumEigenvalue` in the Frobenius norm
    /// (Higham 1988): symmetrise (A + Aᵀ)/2, then clip its eigenvalues from below.
    /// - Throws: ``LinearAlgebraError/notConverged(offDiagonal:)`` from the eigensolver (non-finite input).
    public func nearestSymmetricPositiveDefinite(minimumEigenvalue: Double) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "needs a square matrix, got \(rows)×\(columns)")
        precondition(minimumEigenvalue > 0, "minimum eigenvalue must be positive")
        var s = self
        for j in 0..<columns { for i in 0..<j { let v = 0.5 * (self[i, j] + self[j, i]); s[i, j] = v; s[j, i] = v } }
        let eigen = try SymmetricEigendecomposition(s)
        var result = eigen.reconstructed { max($0, minimumEigenvalue) }
        // Re-symmetrise exactly (the product is symmetric only to round-off).
        for j in 0..<columns { for i in 0..<j { let v = 0.5 * (result[i, j] + result[j, i]); result[i, j] = v; result[j, i] = v } }
        return result
    }
}
