/// An unnormalised log-density `log π(x)` on ℝⁿ: the only thing a sampler knows about a model.
///
/// Conventions:
/// - `logDensity(_:)` returns `-infinity` outside the support (a legitimate zero density);
///   `NaN` (or `+infinity`) means the model failed at that point. Samplers treat such a proposal as a
///   rejection, tally it in ``SamplerCounters/nonFiniteProposals`` and never crash.
/// - An instance need not be thread-safe: samplers obtain one instance per worker thread from a
///   ``LogDensityFactory`` and never call the same instance from two threads at once.
/// - The value must depend only on `x` (not on which instance computed it, nor on call history), or runs
///   stop being reproducible across thread counts.
///
/// ```swift
/// struct StandardNormal: LogDensity {
///     let dimension = 3
///     func logDensity(_ x: [Double]) -> Double { -0.5 * x.reduce(0) { $0 + $1 * $1 } }
/// }
/// ```
public protocol LogDensity {
    /// Number of (unconstrained) coordinates n.
    var dimension: Int { get }
    /// `log π(x)` up to an additive constant; `x.count == dimension`.
    func logDensity(_ x: [Double]) -> Double
    /// The value together with the gradient `∇ log π(x)`, or nil if the model has no gradient.
    /// The default implementation returns nil; no sampler here requires it.
    func logDensityAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double])?
}

extension LogDensity {
    public func logDensityAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double])? { nil }
}

/// A log-density made from a closure (handy for tests and small models).
public struct ClosureLogDensity: LogDensity, Sendable {
    public let dimension: Int
    private let function: @Sendable ([Double]) -> Double

    /// - Parameters:
    ///   - dimension: number of coordinates.
    ///   - function: `x ↦ log π(x)`; must be a pure function of `x`.
    public init(dimension: Int, _ function: @escaping @Sendable ([Double]) -> Double) {
        precondition(dimension > 0, "dimension must be positive, got \(dimension)")
        self.dimension = dimension
        self.function = function
    }

    public func logDensity(_ x: [Double]) -> Double { function(x) }
}
