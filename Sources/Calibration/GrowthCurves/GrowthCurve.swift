import Inference

/// A deterministic curve `V(t)` for a burden/volume series: a ``GrowthLaw`` or the
/// ``RadialBurdenModel``. Values are in units of the series' ``GrowthSeries/scale``.
public protocol GrowthCurve: Sendable {
    /// Name written to outputs (`exponential`, `radial-rd`, ...).
    var name: String { get }
    /// The curve's parameters with their priors (natural scale, in order).
    var parameters: [Parameter] { get }
    /// Name of the parameter read as "the growth rate" in cohort tables and comparisons (1/day).
    var rateName: String { get }
    /// `V` at each day (absolute days, ascending), given the series' reference day and the parameter values.
    func values(days: [Double], referenceDay: Double, parameters: ArraySlice<Double>) -> [Double]
}

extension GrowthLaw: GrowthCurve {
    public var name: String { rawValue }

    public func values(days: [Double], referenceDay: Double, parameters: ArraySlice<Double>) -> [Double] {
        let p = Array(parameters)
        return days.map { value(elapsed: $0 - referenceDay, parameters: p) }
    }
}
