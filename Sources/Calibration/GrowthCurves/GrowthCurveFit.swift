import Foundation
import Inference
import Probability

/// Settings of a growth-curve fit with transitional MCMC (Ching & Chen 2007).
public struct GrowthCurveFitSettings: Sendable, Equatable, Codable {
    /// Particles per TMCMC run.
    public var particles: Int
    /// Independent TMCMC runs (each becomes one output chain; ≥ 2 gives R̂ and a between-run evidence error).
    public var runs: Int
    /// Metropolis steps per particle and stage.
    public var mcmcSteps: Int
    /// Run seed.
    public var seed: UInt64

    public init(particles: Int = 1000, runs: Int = 2, mcmcSteps: Int = 5, seed: UInt64 = 1) {
        precondition(particles >= 2 && runs >= 1 && mcmcSteps >= 1, "particles ≥ 2, runs ≥ 1, mcmcSteps ≥ 1")
        self.particles = particles
        self.runs = runs
        self.mcmcSteps = mcmcSteps
        self.seed = seed
    }
}

/// A fitted growth curve: posterior draws (TMCMC particles), summaries and the log-evidence.
public struct GrowthCurveFit: Sendable {
    public let model: GrowthCurveModel
    public let result: SamplingResult
    /// `log p(y)` of the data in their own units (the TMCMC estimate for the scaled values plus
    /// ``GrowthCurveLikelihood/logJacobianToDataUnits``), and its standard error.
    public let logEvidence: Double
    public let logEvidenceStandardError: Double
    /// Natural-scale summaries (mean, sd, quantiles, R̂ across runs, ESS), one per parameter.
    public let summaries: [ParameterSummary]

    /// Fits `model` with TMCMC from prior draws (single-threaded: cohorts parallelise across patients).
    /// - Throws: ``InferenceError`` if no prior draw has a finite likelihood or tempering does not finish.
    public static func fit(_ model: GrowthCurveModel, settings: GrowthCurveFitSettings,
                           threads: Int = 1) throws(InferenceError) -> GrowthCurveFit {
        let space = model.space
        let sampler = TransitionalMCMC<Posterior<GrowthCurveLikelihood>>(
            particles: settings.particles, mcmcSteps: settings.mcmcSteps)
        let options = SamplingOptions(chains: settings.runs, warmupIterations: 0, samplingIterations: settings.particles,
                                      seed: settings.seed)
        let result = try sampler.sample(target: .shared(model.posterior), options: options,
                                        initialization: .draw { space.samplePriorUnconstrained(using: &$0) },
                                        execution: ExecutionOptions(threads: threads))
        let traces = result.constrainedTraces(space)
        let summaries = zip(space.columnNames, traces).map { Diagnostics.summarize(name: $0, chains: $1) }
        return GrowthCurveFit(model: model, result: result,
                              logEvidence: (result.logEvidence ?? .nan) + model.likelihood.logJacobianToDataUnits,
                              logEvidenceStandardError: result.logEvidenceStandardError ?? .nan,
                              summaries: summaries)
    }

    /// Pooled natural-scale draws of one parameter (all runs), or nil if there is no such parameter.
    public func draws(of name: String) -> [Double]? {
        guard let j = model.space.columnNames.firstIndex(of: name) else { return nil }
        return result.constrainedTraces(model.space)[j].flatMap { $0 }
    }
}
