/// A log-density split into a prior and a likelihood part, as tempered samplers need:
/// `log π_β(u) = logPrior(u) + β·logLikelihood(u)` for β from 0 to 1.
public protocol PriorLikelihoodDensity: LogDensity {
    /// Log prior density on the sampler's (unconstrained) scale, including any Jacobian.
    func logPrior(_ u: [Double]) -> Double
    /// Log-likelihood at the point.
    func logLikelihood(_ u: [Double]) -> Double
}

extension PriorLikelihoodDensity {
    /// `logPrior(u) + logLikelihood(u)`, skipping the likelihood where the prior is zero.
    public func logDensity(_ u: [Double]) -> Double {
        let p = logPrior(u)
        if p == -.infinity { return p }
        return p + logLikelihood(u)
    }
}

/// A posterior `p(x | data) ∝ p(x)·L(x)` written on the unconstrained scale of a ``ParameterSpace``:
///
///     log π(u) = log p(x(u)) + log |dx/du| + log L(x(u)).
///
/// `Likelihood` is a log-density of the *natural-scale* parameters (its `dimension` must equal the
/// space's). Samplers see `u`; output writers map draws back with ``ParameterSpace/constrain(_:)``.
public struct Posterior<Likelihood: LogDensity>: PriorLikelihoodDensity {
    /// Parameter names, priors and transforms.
    public let space: ParameterSpace
    /// `x ↦ log L(x)` on the natural scale.
    public let likelihood: Likelihood

    public init(space: ParameterSpace, likelihood: Likelihood) {
        precondition(space.dimension == likelihood.dimension,
                     "likelihood dimension \(likelihood.dimension) differs from the parameter space's \(space.dimension)")
        self.space = space
        self.likelihood = likelihood
    }

    public var dimension: Int { space.dimension }

    public func logPrior(_ u: [Double]) -> Double { space.logPriorUnconstrained(u) }

    public func logLikelihood(_ u: [Double]) -> Double { likelihood.logDensity(space.constrain(u)) }
}

extension Posterior: Sendable where Likelihood: Sendable {}
