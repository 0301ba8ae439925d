import Foundation

/// The normal distribution N(mean, standardDeviation²):
/// log p(x) = −½ ((x − μ)/σ)² − log σ − ½ log 2π.
public struct Normal: InvertibleDistribution, Equatable, Codable {
    /// μ.
    public let mean: Double
    /// σ > 0.
    public let standardDeviation: Double

    /// Creates N(μ, σ²). Precondition: μ finite, σ finite and positive.
    public init(mean: Double, standardDeviation: Double) {
        requireValid { () throws(DistributionError) in
            try Self.validate(mean: mean, standardDeviation: standardDeviation)
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The standard normal N(0, 1).
    public static let standard = Normal(mean: 0, standardDeviation: 1)

    /// Checks user-supplied parameters.
    /// - Throws: ``DistributionError`` naming the problem.
    public static func validate(mean: Double, standardDeviation: Double) throws(DistributionError) {
        try DistributionError.requireFinite("Normal", "mean", mean)
        try DistributionError.requirePositive("Normal", "standard deviation", standardDeviation)
    }

    /// The validating factory for user-supplied parameters.
    public static func validated(mean: Double, standardDeviation: Double) throws(DistributionError) -> Normal {
        try validate(mean: mean, standardDeviation: standardDeviation)
        return Normal(mean: mean, standardDeviation: standardDeviation)
    }

    public var support: ClosedRange<Double> { -Double.infinity...Double.infinity }
    /// σ².
    public var variance: Double { standardDeviation * standardDeviation }

    public func logDensity(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - log(standardDeviation) - logSquareRootOfTwoPi
    }

    public func cdf(_ x: Double) -> Double { standardNormalCDF((x - mean) / standardDeviation) }

    public func quantile(_ p: Double) -> Double { mean + standardDeviation * standardNormalQuantile(p) }

    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        mean + standardDeviation * Normal.standardSample(using: &g)
    }

    /// An exact standard normal draw by Marsaglia's polar method (Marsaglia & Bray 1964): draw (u, v)
    /// uniform on the square (−1, 1)², reject unless 0 < s = u² + v² < 1, return u·√(−2 log s / s).
    /// Uses two uniforms per attempt and accepts with probability π/4; the second normal of each
    /// pair is discarded so that the function stays stateless.
    public static func standardSample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        while true {
            let u = 2 * uniformOpenUnit(using: &g) - 1
            let v = 2 * uniformOpenUnit(using: &g) - 1
            let s = u * u + v * v
            if s < 1, s > 0 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }
}
