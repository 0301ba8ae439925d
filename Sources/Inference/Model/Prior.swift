import Probability

/// A prior for one scalar parameter, stored by value (so configurations and checkpoints can encode it)
/// and evaluated through the distributions of the Probability module.
public enum Prior: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Uniform on [lower, upper].
    case uniform(lower: Double, upper: Double)
    /// Log-uniform (density ∝ 1/x) on [lower, upper], 0 < lower < upper.
    case logUniform(lower: Double, upper: Double)
    /// Normal(mean, standardDeviation²).
    case normal(mean: Double, standardDeviation: Double)
    /// exp(Normal(logMean, logStandardDeviation²)).
    case logNormal(logMean: Double, logStandardDeviation: Double)
    /// Normal(mean, standardDeviation²) restricted to [lower, upper] and renormalised.
    case truncatedNormal(mean: Double, standardDeviation: Double, lower: Double, upper: Double)

    /// The Probability-module distribution this prior stands for.
    public var distribution: any ContinuousDistribution {
        switch self {
        case .uniform(let a, let b): Uniform(lower: a, upper: b)
        case .logUniform(let a, let b): LogUniform(lower: a, upper: b)
        case .normal(let m, let s): Normal(mean: m, standardDeviation: s)
        case .logNormal(let m, let s): LogNormal(logMean: m, logStandardDeviation: s)
        case .truncatedNormal(let m, let s, let a, let b): TruncatedNormal(mean: m, standardDeviation: s, lower: a, upper: b)
        }
    }

    /// Checks the parameters (e.g. from a user's configuration file) with the Probability module's
    /// validating factories.
    /// - Throws: ``DistributionError`` naming the bad parameter.
    public func validate() throws(DistributionError) {
        switch self {
        case .uniform(let a, let b): try Uniform.validate(lower: a, upper: b)
        case .logUniform(let a, let b): try LogUniform.validate(lower: a, upper: b)
        case .normal(let m, let s): try Normal.validate(mean: m, standardDeviation: s)
        case .logNormal(let m, let s): try LogNormal.validate(logMean: m, logStandardDeviation: s)
        case .truncatedNormal(let m, let s, let a, let b):
            try TruncatedNormal.validate(mean: m, standardDeviation: s, lower: a, upper: b)
        }
    }

    /// The transform to the unconstrained scale implied by the support: identity on ℝ, log for [a, ∞),
    /// upper-log for (−∞, b], logit for a bounded interval.
    public var defaultTransform: ParameterTransform {
        let a: Double, b: Double
        switch self {
        case .normal: return .identity
        case .logNormal: return .log(lower: 0)
        case .uniform(let l, let u), .logUniform(let l, let u), .truncatedNormal(_, _, let l, let u): (a, b) = (l, u)
        }
        switch (a.isFinite, b.isFinite) {
        case (true, true): return .logit(lower: a, upper: b)
        case (true, false): return .log(lower: a)
        case (false, true): return .upperLog(upper: b)
        case (false, false): return .identity
        }
    }

    public var description: String {
        switch self {
        case .uniform(let a, let b): "uniform(\(a),\(b))"
        case .logUniform(let a, let b): "log-uniform(\(a),\(b))"
        case .normal(let m, let s): "normal(\(m),\(s))"
        case .logNormal(let m, let s): "log-normal(\(m),\(s))"
        case .truncatedNormal(let m, let s, let a, let b): "truncated-normal(\(m),\(s),\(a),\(b))"
        }
    }
}
