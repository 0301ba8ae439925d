/// Running mean and covariance by Welford's algorithm (numerically stable one-pass update), used by the
/// adaptive proposals. Codable so adaptation resumes exactly from a checkpoint.
struct RunningCovariance: Sendable, Codable, Equatable {
    let dimension: Int
    private(set) var count = 0
    private(set) var mean: [Double]
    /// Sum of outer products of deviations, column-major n×n.
    private var scatter: [Double]

    init(dimension: Int) {
        self.dimension = dimension
        mean = [Double](repeating: 0, count: dimension)
        scatter = [Double](repeating: 0, count: dimension * dimension)
    }

    mutating func add(_ x: [Double]) {
        count += 1
        let n = dimension
        var deltaOld = [Double](repeating: 0, count: n)
        for i in 0..<n {
            deltaOld[i] = x[i] - mean[i]
            mean[i] += deltaOld[i] / Double(count)
        }
        for j in 0..<n {
            let dj = x[j] - mean[j]
            for i in 0..<n { scatter[i + j * n] += deltaOld[i] * dj }
        }
    }

    /// Sample covariance (divisor count − 1), column-major; zeros until two points were added.
    var covariance: [Double] {
        guard count > 1 else { return [Double](repeating: 0, count: dimension * dimension) }
        return scatter.map { $0 / Double(count - 1) }
    }
}
