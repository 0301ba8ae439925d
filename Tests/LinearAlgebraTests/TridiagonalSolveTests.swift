import Testing
@testable import LinearAlgebra

@Test func generalTridiagonalKnownSolution() throws {
    // A = [[2, 1, 0], [1, 3, 1], [0, 1, 4]], x = [1, 2, 3] → b = [4, 10, 14].
    let x = try solveTridiagonal(subdiagonal: [1, 1], diagonal: [2, 3, 4], superdiagonal: [1, 1],
                                 rightHandSide: [4, 10, 14])
    for (xi, e) in zip(x, [1.0, 2, 3]) { #expect(abs(xi - e) < 1e-14) }
    // Non-symmetric with a zero leading diagonal (needs pivoting): A = [[0, 1], [2, 3]], x = [1, 1] → b = [1, 5].
    let y = try solveTridiagonal(subdiagonal: [2], diagonal: [0, 3], superdiagonal: [1], rightHandSide: [1, 5])
    #expect(abs(y[0] - 1) < 1e-15 && abs(y[1] - 1) < 1e-15)
    // Two right-hand sides at once (column-major): second column b = 2·first.
    var b: [Double] = [4, 10, 14, 8, 20, 28]
    try solveTridiagonal(subdiagonal: [1, 1], diagonal: [2, 3, 4], superdiagonal: [1, 1], rightHandSides: &b)
    for (bi, e) in zip(b, [1.0, 2, 3, 2, 4, 6]) { #expect(abs(bi - e) < 1e-14) }
}

@Test func generalTridiagonalSingular() {
    // [[1, 1], [1, 1]] is singular: the second pivot is zero.
    #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
        try solveTridiagonal(subdiagonal: [1], diagonal: [1, 1], superdiagonal: [1], rightHandSide: [1, 2])
    }
}
