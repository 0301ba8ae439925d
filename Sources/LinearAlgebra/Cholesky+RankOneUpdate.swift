import Foundation

extension Cholesky {
    /// The factor of A + v·vᵀ from the factor of A in O(n²) (the classic rotation-based rank-one update,
    /// e.g. Golub & Van Loan §6.5.4), without refactoring — convenient for running covariance estimates in
    /// adaptive Metropolis. Always succeeds: A + vvᵀ is SPD whenever A is.
    public func rankOneUpdated(_ v: [Double]) -> Cholesky {
        let n = dimension
        precondition(v.count == n, "update vector length \(v.count) does not match order \(n)")
        var l = lower
        var x = v
        for k in 0..<n {
            let lkk = l[k, k]
            let r = (lkk * lkk + x[k] * x[k]).squareRoot()
            let c = r / lkk, s = x[k] / lkk
            l[k, k] = r
            for i in (k + 1)..<max(n, k + 1) {
                l[i, k] = (l[i, k] + s * x[i]) / c
                x[i] = c * x[i] - s * l[i, k]
            }
        }
        return Cholesky(uncheckedLower: l)
    }

    /// Wraps a factor known to be lower triangular with a positive diagonal.
    init(uncheckedLower: Matrix) { lower = uncheckedLower }
}
