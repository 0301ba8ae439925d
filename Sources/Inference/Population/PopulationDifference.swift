/// The posterior of `μ_A − μ_B` between two independently fitted groups: draws are paired index by index
/// (the two posteriors are independent, so the pairs are draws from their product).
public struct PopulationDifference: Sendable, Equatable, Codable {
    public let parameter: String
    public let groupA: String
    public let groupB: String
    /// Posterior mean and standard deviation of μ_A − μ_B.
    public let mean: Double
    public let standardDeviation: Double
    /// Equal-tailed credible interval at ``level``.
    public let lower: Double
    public let upper: Double
    public let level: Double
    /// `P(μ_A − μ_B > 0 | data)`.
    public let probabilityPositive: Double
    /// Number of paired draws.
    public let draws: Int

    /// Differences of the pooled μ draws of `a` and `b` (the first `min(nA, nB)` of each).
    public static func between(_ a: PopulationFit, named nameA: String, and b: PopulationFit, named nameB: String,
                               level: Double = 0.95) -> PopulationDifference {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        let x = a.pooledMean, y = b.pooledMean
        let n = min(x.count, y.count)
        precondition(n >= 2, "need at least two draws per group")
        let d = (0..<n).map { x[$0] - y[$0] }
        let mean = d.reduce(0, +) / Double(n)
        let sd = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        let sorted = d.sorted()
        let tail = (1 - level) / 2
        return PopulationDifference(parameter: a.parameter, groupA: nameA, groupB: nameB, mean: mean, standardDeviation: sd,
                                    lower: Diagnostics.quantile([sorted], probability: tail),
                                    upper: Diagnostics.quantile([sorted], probability: 1 - tail), level: level,
                                    probabilityPositive: Double(d.filter { $0 > 0 }.count) / Double(n), draws: n)
    }
}
