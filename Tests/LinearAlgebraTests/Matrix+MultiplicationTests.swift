import Testing
@testable import LinearAlgebra

@Test func gemvByHand() {
    // A = [[1, 2, 3], [4, 5, 6]]: A·[1, 0, −1] = [−2, −2]; Aᵀ·[1, 1] = [5, 7, 9].
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(Matrix.multiply(a, [1, 0, -1]) == [-2, -2])
    #expect(Matrix.multiply(a, [1, 1], transpose: true) == [5, 7, 9])
    // y ← 2·A x + 3·y with y = [1, 1]: [−4 + 3, −4 + 3].
    var y: [Double] = [1, 1]
    Matrix.multiply(a, [1, 0, -1], alpha: 2, beta: 3, into: &y)
    #expect(y == [-1, -1])
}

@Test func gemmByHandWithTransposes() {
    let a = Matrix([[1, 2], [3, 4]]), b = Matrix([[5, 6], [7, 8]])
    #expect(Matrix.multiply(a, b) == Matrix([[19, 22], [43, 50]]))
    #expect(Matrix.multiply(a, b, transposeA: true) == Matrix([[26, 30], [38, 44]]))
    #expect(Matrix.multiply(a, b, transposeB: true) == Matrix([[17, 23], [39, 53]]))
    #expect(Matrix.multiply(a, b, transposeA: true, transposeB: true) == Matrix([[23, 31], [34, 46]]))
    // Rectangular: (2×3)·(3×1).
    let r = Matrix.multiply(Matrix([[1, 2, 3], [4, 5, 6]]), Matrix([[1], [0], [-1]]))
    #expect(r == Matrix([[-2], [-2]]))
    #expect(a.transposed == Matrix([[1, 3], [2, 4]]))
}
