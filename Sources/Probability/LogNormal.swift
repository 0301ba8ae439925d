import Foundation

/// The log-normal distribution: log X ~ N(logMean, logStandardDeviation²);
/// log p(x) = −log x − log σ − ½ log 2π − ½ ((log x − μ)/σ)² for x > 0.
public struct LogNormal: InvertibleDistribution, Equatable, Codable {
    /// μ, the mean of log X.
    public let logMean: Double
    /// σ > 0, the standard deviation of log X.
    public let logStandardDeviation: Double

    /// Creates the distribution. Precondition: μ finite, σ finite and positive.
    public init(logMean: Double, logStandardDeviation: Double) {
        requireValid { () throws(DistributionError) in
            try Self.validate(logMean: logMean, logStandardDeviation: logStandardDeviation)
        }
        self.logMean = logMean
        self.logStandardDeviation = logStandardDeviation
    }

    /// Checks user-supplied parameters.
    /// - Throws: ``DistributionError`` naming the problem.
    public static func validate(logMean: Double, logStandardDeviation: Double) throws(DistributionError) {
        try DistributionError.requireFinite("LogNormal", "log mean", logMean)
        try DistributionError.requirePositive("LogNormal", "log standard deviation", logStandardDeviation)
    }

    /// The validating factory for user-supplied parameters.
    public static func validated(logMean: Double, logStandardDeviation: Double) throws(DistributionError)
        -> LogNormal {
        try validate(logMean: logMean, logStandardDeviation: logStandardDeviation)
        return LogNormal(logMean: logMean, logStandardDeviation: logStandardDeviation)
    }

    public var support: ClosedRange<Double> { 0...Double.infinity }
    /// exp(μ + σ²/2).
    public var mean: Double { exp(logMean + 0.5 * logStandardDeviation * logStandardDeviation) }
    /// (exp(σ²) − 1) exp(2μ + σ²).
    public var variance: Double {
        let s2 = logStandardDeviation * logStandardDeviation
        return expm1(s2) * exp(2 * logMean + s2)
    }

    public func logDensity(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        guard x > 0, x.isFinite else { return -.infinity }
        let lx = log(x)
        let z = (lx - logMean) / logStandardDeviation
        return -lx - log(logStandardDeviation) - logSquareRootOfTwoPi - 0.5 * z * z
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        return standardNormalCDF((log(x) - logMean) / logStandardDeviation)
    }

    public func quantile(_ p: Double) -> Double {
        exp(logMean + logStandardDeviation * standardNormalQuantile(p))
    }

    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        exp(logMean + logStandardDeviation * Normal.standardSample(using: &g))
    }
}
