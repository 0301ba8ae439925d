import Foundation

/// The normal distribution N(μ, σ²) truncated to [lower, upper] (either bound may be infinite):
/// log p(x) = log φ((x − μ)/σ) − log σ − log Z on the interval, with Z = Φ(β) − Φ(α),
/// α = (lower − μ)/σ, β = (upper − μ)/σ.
///
/// Works far in the tails: log Z, the CDF and the quantile are formed from log upper-tail probabilities
/// (``logStandardNormalUpperTail(_:)``) when the interval lies on one side of μ, so an interval such as
/// [μ + 40σ, ∞) has finite log-density and correct samples. The sampler is Robert's exact accept–reject
/// scheme (C. P. Robert, "Simulation of truncated normal variables", Statistics and Computing 5:121–125,
/// 1995): normal or uniform proposals when the interval contains μ, and uniform or optimally scaled
/// translated-exponential proposals when it lies in a tail.
public struct TruncatedNormal: InvertibleDistribution, Equatable, Codable {
    /// μ of the untruncated normal.
    public let mean: Double
    /// σ > 0 of the untruncated normal.
    public let standardDeviation: Double
    /// Lower bound (may be −∞).
    public let lower: Double
    /// Upper bound (may be +∞).
    public let upper: Double

    /// Creates the distribution. Precondition: μ finite, σ finite and positive, lower < upper (no NaN).
    public init(mean: Double, standardDeviation: Double, lower: Double, upper: Double) {
        requireValid { () throws(DistributionError) in
            try Self.validate(mean: mean, standardDeviation: standardDeviation, lower: lower, upper: upper)
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.lower = lower
        self.upper = upper
    }

    /// Checks user-supplied parameters.
    /// - Throws: ``DistributionError`` naming the problem.
    public static func validate(mean: Double, standardDeviation: Double, lower: Double, upper: Double)
        throws(DistributionError) {
        try DistributionError.requireFinite("TruncatedNormal", "mean", mean)
        try DistributionError.requirePositive("TruncatedNormal", "standard deviation", standardDeviation)
        try DistributionError.requireOrdered("TruncatedNormal", lower, upper)
    }

    /// The validating factory for user-supplied parameters.
    public static func validated(mean: Double, standardDeviation: Double, lower: Double, upper: Double)
        throws(DistributionError) -> TruncatedNormal {
        try validate(mean: mean, standardDeviation: standardDeviation, lower: lower, upper: upper)
        return TruncatedNormal(mean: mean, standardDeviation: standardDeviation, lower: lower, upper: upper)
    }

    public var support: ClosedRange<Double> { lower...upper }
    /// α = (lower − μ)/σ.
    public var standardizedLower: Double { (lower - mean) / standardDeviation }
    /// β = (upper − μ)/σ.
    public var standardizedUpper: Double { (upper - mean) / standardDeviation }

    /// log Z = log(Φ(β) − Φ(α)).
    public var logNormalizer: Double { Self.logMass(standardizedLower, standardizedUpper) }

    /// log(Φ(b) − Φ(a)) for a < b, without cancellation: erf difference when the interval straddles 0
    /// (a sum of two positive terms), tail log-probabilities when it lies on one side.
    static func logMass(_ a: Double, _ b: Double) -> Double {
        if a >= 0 {
            let la = logStandardNormalUpperTail(a), lb = logStandardNormalUpperTail(b)
            return la + log(-expm1(lb - la))
        }
        if b <= 0 { return logMass(-b, -a) }
        return log(0.5 * (erf(b / 2.0.squareRoot()) - erf(a / 2.0.squareRoot())))
    }

    public func logDensity(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        guard x >= lower, x <= upper else { return -.infinity }
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - logSquareRootOfTwoPi - log(standardDeviation) - logNormalizer
    }

    /// The mean of the truncated distribution: μ + σ (φ(α) − φ(β))/Z.
    public var truncatedMean: Double {
        let (a, b) = (standardizedLower, standardizedUpper)
        return mean + standardDeviation * (densityRatio(a) - densityRatio(b))
    }

    /// The variance of the truncated distribution:
    /// σ² [1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²]. Loses relative accuracy by cancellation when
    /// the interval is far in a tail and very narrow; fine for ordinary priors.
    public var truncatedVariance: Double {
        let (a, b) = (standardizedLower, standardizedUpper)
        let ra = densityRatio(a), rb = densityRatio(b)
        let ta = a.isFinite ? a * ra : 0, tb = b.isFinite ? b * rb : 0
        let m = ra - rb
        return standardDeviation * standardDeviation * (1 + ta - tb - m * m)
    }

    /// φ(z)/Z, zero at infinite z.
    private func densityRatio(_ z: Double) -> Double {
        z.isFinite ? exp(-0.5 * z * z - logSquareRootOfTwoPi - logNormalizer) : 0
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        return Self.standardCDF((x - mean) / standardDeviation, standardizedLower, standardizedUpper)
    }

    /// P(a < Z ≤ z | a < Z < b) for a < z < b.
    static func standardCDF(_ z: Double, _ a: Double, _ b: Double) -> Double {
        if a >= 0 {
            let la = logStandardNormalUpperTail(a)
            let lz = logStandardNormalUpperTail(z), lb = logStandardNormalUpperTail(b)
            return min(1, -expm1(lz - la) / -expm1(lb - la))
        }
        if b <= 0 {
            // Lower tail: (Q(−z) − Q(−a)) / (Q(−b) − Q(−a)) in logs, accurate for tiny values.
            let lz = logStandardNormalUpperTail(-z), la = logStandardNormalUpperTail(-a)
            let lb = logStandardNormalUpperTail(-b)
            return min(1, exp(lz - lb) * -expm1(la - lz) / -expm1(la - lb))
        }
        let s = 2.0.squareRoot()
        return min(1, max(0, 0.5 * (erf(z / s) - erf(a / s)) / exp(logMass(a, b))))
    }

    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return lower }
        if p == 1 { return upper }
        let z = Self.standardQuantile(p, standardizedLower, standardizedUpper)
        return min(upper, max(lower, mean + standardDeviation * z))
    }

    /// The z in (a, b) with P(a < Z ≤ z | a < Z < b) = p.
    static func standardQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if a >= 0 {
            // Q(z) = Q(a) − p (Q(a) − Q(b)), in logs.
            let la = logStandardNormalUpperTail(a), lb = logStandardNormalUpperTail(b)
            let lz = la + log1p(-p * -expm1(lb - la))
            return min(b, max(a, standardNormalQuantile(logUpperTail: lz)))
        }
        if b <= 0 {
            // Q(−z) = Q(−a) + p (Q(−b) − Q(−a)), in logs relative to Q(−b).
            let la = logStandardNormalUpperTail(-a), lb = logStandardNormalUpperTail(-b)
            let r = exp(la - lb)
            let lz = lb + log(r + p * (1 - r))
            return min(b, max(a, -standardNormalQuantile(logUpperTail: lz)))
        }
        let target = standardNormalCDF(a) + p * exp(logMass(a, b))
        return min(b, max(a, standardNormalQuantile(target)))
    }

    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Double {
        let z = Self.standardSample(standardizedLower, standardizedUpper, using: &g)
        return min(upper, max(lower, mean + standardDeviation * z))
    }

    /// An exact draw of Z ~ N(0, 1) conditioned on a ≤ Z ≤ b (Robert 1995).
    static func standardSample<G: RandomNumberGenerator>(_ a: Double, _ b: Double, using g: inout G) -> Double {
        if b <= 0 { return -standardSample(-b, -a, using: &g) }
        if a < 0 {
            // The interval contains 0. Wide: plain normal rejection (acceptance ≥ 0.49).
            // Narrow: uniform proposal accepted with probability exp(−z²/2) (acceptance ≥ 0.49).
            if b - a > squareRootOfTwoPi {
                while true {
                    let z = Normal.standardSample(using: &g)
                    if z >= a, z <= b { return z }
                }
            }
            while true {
                let z = a + (b - a) * uniformOpenUnit(using: &g)
                if log(uniformOpenUnit(using: &g)) <= -0.5 * z * z { return z }
            }
        }
        // 0 ≤ a < b: a one-sided tail interval.
        let root = (a * a + 4).squareRoot()
        let rate = 0.5 * (a + root)  // Robert's optimal exponential rate λ*.
        let uniformIsBetter = b < a + 2 / (a + root) * exp(0.25 * (a * a - a * root) + 0.5)
        if uniformIsBetter {
            while true {
                let z = a + (b - a) * uniformOpenUnit(using: &g)
                if log(uniformOpenUnit(using: &g)) <= 0.5 * (a * a - z * z) { return z }
            }
        }
        while true {
            let z = a - log(uniformOpenUnit(using: &g)) / rate
            if z > b { continue }
            let d = z - rate
            if log(uniformOpenUnit(using: &g)) <= -0.5 * d * d { return z }
        }
    }
}
