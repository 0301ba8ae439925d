/// One unit's (patient's) posterior draws of a scalar parameter `θ` on the scale the population model
/// uses (e.g. `log ρ`), with the log-density of the unit's own prior at each draw **on that same scale**
/// (for `θ = log x` and a prior `p_x` on `x`: `log p_x(e^θ) + θ`).
public struct UnitDraws: Sendable, Equatable, Codable {
    /// Label used in outputs (patient id).
    public let name: String
    /// Draws of θ.
    public let values: [Double]
    /// `log prior_i(θ)` at each draw (finite: posterior draws lie inside the prior's support).
    public let logPriorDensities: [Double]

    public init(name: String, values: [Double], logPriorDensities: [Double]) {
        precondition(!values.isEmpty, "unit \(name) has no draws")
        precondition(values.count == logPriorDensities.count, "unit \(name): one prior density per draw")
        self.name = name
        self.values = values
        self.logPriorDensities = logPriorDensities
    }

    /// Every `step`-th draw (to bound the cost of the reweighting).
    public func thinned(toAtMost count: Int) -> UnitDraws {
        precondition(count >= 1, "count must be ≥ 1")
        guard values.count > count else { return self }
        let step = (values.count + count - 1) / count
        let idx = Array(stride(from: 0, to: values.count, by: step))
        return UnitDraws(name: name, values: idx.map { values[$0] }, logPriorDensities: idx.map { logPriorDensities[$0] })
    }
}
