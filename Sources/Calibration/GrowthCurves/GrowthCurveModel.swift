import Inference

/// A growth curve, an error model and a series: the parameter space (curve parameters, then the noise
/// scale if sampled) and the posterior on the sampler's unconstrained scale.
public struct GrowthCurveModel: Sendable {
    public let likelihood: GrowthCurveLikelihood
    public let space: ParameterSpace

    public init(curve: any GrowthCurve, errorModel: GrowthErrorModel, series: GrowthSeries) {
        likelihood = GrowthCurveLikelihood(curve: curve, errorModel: errorModel, series: series)
        space = ParameterSpace(curve.parameters + (errorModel.noiseParameter.map { [$0] } ?? []))
    }

    /// `log p(x) + log |dx/du| + log L(x)` on the unconstrained scale, split for tempered samplers.
    public var posterior: Posterior<GrowthCurveLikelihood> { Posterior(space: space, likelihood: likelihood) }

    /// Model name for outputs, e.g. `exponential/relative-gaussian`.
    public var name: String { "\(likelihood.curve.name)/\(likelihood.errorModel.kind)" }
}
