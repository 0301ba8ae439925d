import Testing
@testable import LinearAlgebra

@Test func jitterRescuesSemiDefiniteCovariance() throws {
    // [[1, 1], [1, 1]] is singular PSD: plain Cholesky fails, jitter δ = 1e-10·mean diag ·10^k succeeds.
    #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix([[1, 1], [1, 1]])) }
    let (c, jitter) = try Cholesky.withJitter(Matrix([[1, 1], [1, 1]]))
    #expect(jitter > 0 && jitter < 1e-6)
    #expect(abs(c.lower[0, 0] - (1 + jitter).squareRoot()) < 1e-15)
    // Already SPD: no jitter.
    #expect(try Cholesky.withJitter(Matrix([[4, 2], [2, 3]])).jitter == 0)
    // Strongly indefinite: jitter cannot help within the attempts.
    #expect(throws: LinearAlgebraError.self) { try Cholesky.withJitter(Matrix([[1, 3], [3, 1]]), maximumAttempts: 3) }
}

@Test func nearestSPDClipsEigenvalues() throws {
    // [[1, 2], [2, 1]] = 3·uuᵀ − 1·vvᵀ with u = (1, 1)/√2, v = (1, −1)/√2. Clipping −1 to ε gives
    // 3·uuᵀ + ε·vvᵀ = [[1.5 + ε/2, 1.5 − ε/2], [1.5 − ε/2, 1.5 + ε/2]].
    let eps = 1e-3
    let m = try Matrix([[1, 2], [2, 1]]).nearestSymmetricPositiveDefinite(minimumEigenvalue: eps)
    #expect(abs(m[0, 0] - (1.5 + eps / 2)) < 1e-14 && abs(m[0, 1] - (1.5 - eps / 2)) < 1e-14)
    #expect(m[0, 1] == m[1, 0])
    _ = try Cholesky(m)
}
