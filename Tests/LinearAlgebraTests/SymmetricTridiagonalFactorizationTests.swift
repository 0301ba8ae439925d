import Testing
@testable import LinearAlgebra

@Test func spdTridiagonalFactorOnceSolveMany() throws {
    // tridiag(−1, 2, −1) of order 4, x = [1, 2, 3, 4] → b = [0, 0, 0, 5].
    let f = try SymmetricTridiagonalFactorization(diagonal: [2, 2, 2, 2], offDiagonal: [-1, -1, -1])
    let x = f.solve([0, 0, 0, 5])
    for (xi, e) in zip(x, [1.0, 2, 3, 4]) { #expect(abs(xi - e) < 1e-14) }
    // By hand, D = [2, 3/2, 4/3, 5/4] and L's subdiagonal = [−1/2, −2/3, −3/4].
    for (di, e) in zip(f.d, [2, 1.5, 4.0 / 3, 1.25]) { #expect(abs(di - e) < 1e-15) }
    for (ei, e) in zip(f.e, [-0.5, -2.0 / 3, -0.75]) { #expect(abs(ei - e) < 1e-15) }
    // In place on a caller's buffer, two right-hand sides: b₂ = A·[1, 1, 1, 1] = [1, 0, 0, 1].
    var buffer: [Double] = [0, 0, 0, 5, 1, 0, 0, 1]
    buffer.withUnsafeMutableBufferPointer { f.solve(inPlace: $0, rightHandSides: 2) }
    for (bi, e) in zip(buffer, [1.0, 2, 3, 4, 1, 1, 1, 1]) { #expect(abs(bi - e) < 1e-14) }
}

@Test func spdTridiagonalRejectsIndefinite() {
    // [[1, 2], [2, 1]] has eigenvalues −1 and 3: the 2×2 leading minor fails.
    #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
        try SymmetricTridiagonalFactorization(diagonal: [1, 1], offDiagonal: [2])
    }
}
