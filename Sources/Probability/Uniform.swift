import Foundation

/// The continuous uniform distribution on [lower, upper]: p(x) = 1/(upper − lower).
public struct Uniform: InvertibleDistribution, Equatable, Codable {
    /// Lower bound (finite).
    public let lower: Double
    /// Upper bound (finite, above `lower`).
    public let upper: Double

    /// Creates U(lower, upper). Precondition: both finite and `lower < upper`.
    public init(lower: Double, upper: Double) {
        requireValid { () throws(DistributionError) in try Self.validate(lower: lower, upper: upper) }
        self.lower = lower
        self.upper = upper
    }

    /// Checks user-supplied parameters.
    /// - Throws: ``DistributionError`` naming the problem ("lower bound 2 is not below upper bound 1").
    public static func validate(lower: Double, upper: Double) throws(DistributionError) {
        try DistributionError.requireFinite("Uniform", "lower bound", lower)
        try DistributionError.requireFinite("Uniform", "upper bound", upper)
        try DistributionError.requireOrdered("Uniform", lower, upper)
    }

    /// The validating factory for user-supplied parameters.
    public static func validated(lower: Double, upper: Double) throws(DistributionError) -> Uniform {
        try validate(lower: lower, upper: upper)
        return Uniform(lower: lower, upper: upper)
    }

    public var support: ClosedRange<Double> { lower...upper }
    /// (lower + upper)/2.
    public var mean: Double { 0.5 * (lower + upper) }
    /// (upper − lower)²/12.
    public var variance: Double { (upper - lower) * (upper - lower) / 12 }

    public func logDensity(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return (lower...upper).contains(x) ? -log(upper - lower) : -.infinity
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        return (x - lower) / (upper - lower)
    }

    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return min(upper, lower + p * (upper - lower))
    }

    /// lower + (upper − lower)·u with u uniform on (0, 1); one 64-bit word (almost always).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        min(upper, lower + (upper - lower) * uniformOpenUnit(using: &g))
    }
}
