import Foundation
import Testing
@testable import LinearAlgebra

@Test func choleskyOfHandComputedMatrix() throws {
    // A = [[4, 2], [2, 3]] → L = [[2, 0], [1, √2]], det A = 8.
    let c = try Cholesky(Matrix([[4, 2], [2, 3]]))
    #expect(abs(c.lower[0, 0] - 2) < 1e-15)
    #expect(abs(c.lower[1, 0] - 1) < 1e-15)
    #expect(c.lower[0, 1] == 0)
    #expect(abs(c.lower[1, 1] - 2.0.squareRoot()) < 1e-15)
    #expect(abs(c.logDeterminant - log(8.0)) < 1e-14)
}

@Test func choleskyRejectsIndefinite() {
    #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
        try Cholesky(Matrix([[1, 2], [2, 1]]))
    }
}
