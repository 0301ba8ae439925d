import Foundation
import Testing
@testable import LinearAlgebra

@Test func choleskySolveVectorByHand() throws {
    // A = [[4, 2], [2, 3]], det 8, A⁻¹ = [[3, −2], [−2, 4]]/8; b = [2, 1] → x = [0.5, 0].
    let c = try Cholesky(Matrix([[4, 2], [2, 3]]))
    let x = c.solve([2, 1])
    #expect(abs(x[0] - 0.5) < 1e-15 && abs(x[1]) < 1e-15)
    let inv = c.inverse
    let expected: [[Double]] = [[0.375, -0.25], [-0.25, 0.5]]
    for i in 0..<2 { for j in 0..<2 { #expect(abs(inv[i, j] - expected[i][j]) < 1e-15) } }
}

@Test func choleskySolveMatrixRightHandSides3x3() throws {
    // A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]
    // (the classic worked example). X = [[1, 0], [2, 1], [3, −1]] → B = A X computed by hand:
    // column 1: [4 + 24 − 48, 12 + 74 − 129, −16 − 86 + 294] = [−20, −43, 192];
    // column 2: [12 + 16, 37 + 43, −43 − 98] = [28, 80, −141].
    let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
    let c = try Cholesky(a)
    let l: [[Double]] = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]
    for i in 0..<3 { for j in 0..<3 { #expect(abs(c.lower[i, j] - l[i][j]) < 1e-13) } }
    let x = c.solve(Matrix([[-20, 28], [-43, 80], [192, -141]]))
    let expected: [[Double]] = [[1, 0], [2, 1], [3, -1]]
    for i in 0..<3 { for j in 0..<2 { #expect(abs(x[i, j] - expected[i][j]) < 1e-12) } }
    #expect(abs(c.logDeterminant - log(36.0)) < 1e-13)  // (2·1·3)²
}

@Test func choleskyForwardSubstitution() throws {
    // L = [[2, 0], [1, √2]]; L y = [2, 1 + √2] → y = [1, 1].
    let c = try Cholesky(Matrix([[4, 2], [2, 3]]))
    let y = c.solveLower([2, 1 + 2.0.squareRoot()])
    #expect(abs(y[0] - 1) < 1e-15 && abs(y[1] - 1) < 1e-15)
}

@Test func rankOneUpdateMatchesRefactoring() throws {
    // A + vvᵀ with A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]], v = [1, −2, 0.5].
    let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
    let v: [Double] = [1, -2, 0.5]
    var b = a
    for i in 0..<3 { for j in 0..<3 { b[i, j] += v[i] * v[j] } }
    let updated = try Cholesky(a).rankOneUpdated(v)
    let direct = try Cholesky(b)
    for i in 0..<3 { for j in 0..<3 { #expect(abs(updated.lower[i, j] - direct.lower[i, j]) < 1e-12) } }
}
