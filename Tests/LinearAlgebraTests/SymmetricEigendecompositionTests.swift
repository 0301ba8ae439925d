import Foundation
import Testing
@testable import LinearAlgebra

@Test func eigenOf2x2ByHand() throws {
    // [[2, 1], [1, 2]]: λ = 1 with (1, −1)/√2, λ = 3 with (1, 1)/√2.
    let e = try SymmetricEigendecomposition(Matrix([[2, 1], [1, 2]]))
    #expect(abs(e.eigenvalues[0] - 1) < 1e-15 && abs(e.eigenvalues[1] - 3) < 1e-15)
    let r = 0.5.squareRoot()
    let v0 = e.eigenvectors[0, 0].sign == .minus ? -1.0 : 1.0
    #expect(abs(v0 * e.eigenvectors[0, 0] - r) < 1e-15 && abs(v0 * e.eigenvectors[1, 0] + r) < 1e-15)
    #expect(abs(abs(e.eigenvectors[0, 1]) - r) < 1e-15 && abs(e.eigenvectors[0, 1] - e.eigenvectors[1, 1]) < 1e-15)
}

@Test func eigenOfSecondDifferenceMatrix() throws {
    // tridiag(−1, 2, −1) of order 3: λ_k = 2 − 2cos(kπ/4) = 2 − √2, 2, 2 + √2, ascending.
    let a = Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
    let e = try SymmetricEigendecomposition(a)
    let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
    for k in 0..<3 { #expect(abs(e.eigenvalues[k] - expected[k]) < 1e-14) }
    // A v = λ v and VᵀV = I.
    let av = Matrix.multiply(a, e.eigenvectors)
    for k in 0..<3 { for i in 0..<3 { #expect(abs(av[i, k] - e.eigenvalues[k] * e.eigenvectors[i, k]) < 1e-14) } }
    let vtv = Matrix.multiply(e.eigenvectors, e.eigenvectors, transposeA: true)
    for i in 0..<3 { for j in 0..<3 { #expect(abs(vtv[i, j] - (i == j ? 1 : 0)) < 1e-14) } }
    // Reconstruction with the identity map gives A back.
    let back = e.reconstructed { $0 }
    for i in 0..<3 { for j in 0..<3 { #expect(abs(back[i, j] - a[i, j]) < 1e-14) } }
}

@Test func nonFiniteInputIsATypedErrorNotATrap() {
    // LAPACKE would report NaN input as an illegal argument (info < 0); we check first and throw.
    #expect(throws: LinearAlgebraError.nonFiniteEntry) {
        try SymmetricEigendecomposition(Matrix([[Double.nan, 0], [0, 1]]))
    }
    #expect(throws: LinearAlgebraError.nonFiniteEntry) { try Cholesky(Matrix([[1, 0], [.infinity, 1]])) }
    #expect(throws: LinearAlgebraError.nonFiniteEntry) {
        try SymmetricTridiagonalFactorization(diagonal: [2, .nan], offDiagonal: [-1])
    }
    // Solves propagate NaN instead of trapping.
    let f = try? SymmetricTridiagonalFactorization(diagonal: [2, 2], offDiagonal: [-1])
    #expect(f?.solve([.nan, 1]).contains(where: \.isNaN) == true)
    #expect((try? solveTridiagonal(subdiagonal: [1], diagonal: [2, 2], superdiagonal: [1],
                                   rightHandSide: [.nan, 1]))?.contains(where: \.isNaN) == true)
}
