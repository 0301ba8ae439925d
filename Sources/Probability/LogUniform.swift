import Foundation

/// The log-uniform (reciprocal) distribution on [lower, upper], 0 < lower < upper:
/// p(x) = 1 / (x · log(upper/lower)); log X is uniform on [log lower, log upper].
public struct LogUniform: InvertibleDistribution, Equatable, Codable {
    /// Lower bound (finite, positive).
    public let lower: Double
    /// Upper bound (finite, above `lower`).
    public let upper: Double

    /// Creates the distribution. Precondition: 0 < lower < upper < ∞.
    public init(lower: Double, upper: Double) {
        requireValid { () throws(DistributionError) in try Self.validate(lower: lower, upper: upper) }
        self.lower = lower
        self.upper = upper
    }

    /// Checks user-supplied parameters.
    /// - Throws: ``DistributionError`` naming the problem.
    public static func validate(lower: Double, upper: Double) throws(DistributionError) {
        try DistributionError.requirePositive("LogUniform", "lower bound", lower)
        try DistributionError.requireFinite("LogUniform", "upper bound", upper)
        try DistributionError.requireOrdered("LogUniform", lower, upper)
    }

    /// The validating factory for user-supplied parameters.
    public static func validated(lower: Double, upper: Double) throws(DistributionError) -> LogUniform {
        try validate(lower: lower, upper: upper)
        return LogUniform(lower: lower, upper: upper)
    }

    /// log(upper/lower).
    public var logRange: Double { log(upper / lower) }
    public var support: ClosedRange<Double> { lower...upper }
    /// (upper − lower)/log(upper/lower).
    public var mean: Double { (upper - lower) / logRange }
    /// (upper² − lower²)/(2 log(upper/lower)) − mean².
    public var variance: Double { (upper * upper - lower * lower) / (2 * logRange) - mean * mean }

    public func logDensity(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return (lower...upper).contains(x) ? -log(x) - log(logRange) : -.infinity
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        return log(x / lower) / logRange
    }

    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return min(upper, max(lower, lower * exp(p * logRange)))
    }

    /// lower · exp(u · log(upper/lower)), u uniform on (0, 1).
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        quantile(uniformOpenUnit(using: &g))
    }
}
