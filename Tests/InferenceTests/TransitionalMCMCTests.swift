import Foundation
import Testing
@testable import Inference
import Probability

/// TMCMC: posterior moments, and the log-evidence against closed forms within the stated error.
/// 4 independent runs of 1 000 particles; the stated standard error combines the per-stage delta method
/// with the spread between runs. Tolerance 4 standard errors (plus the downward bias of log Ẑ, which is
/// about −Var/2 and far smaller than the error at these sizes).
@Suite struct TransitionalMCMCTests {
    @Test func mixtureEvidenceMatchesClosedForm() throws {
        let target = KnownAnswer.mixture
        let result = try TransitionalMCMC<ReferenceTargets.GaussianMixture>(particles: 1_000).sample(
            target: .shared(target), options: SamplingOptions(chains: 4, seed: 41),
            initialization: .draw { target.samplePrior(using: &$0) }, execution: ExecutionOptions(threads: 2))
        let logZ = try #require(result.logEvidence)
        let se = try #require(result.logEvidenceStandardError)
        #expect(se > 0 && se < 0.2)
        #expect(abs(logZ - target.logEvidence) <= 4 * se, "log Z = \(logZ) ± \(se), exact \(target.logEvidence)")
        let moments = target.posteriorMoments
        Check.moments(result, mean: moments.mean, covariance: moments.covariance)
    }

    /// For `GaussianReferenceSplit`, p·L = π exactly, so Z = ∫ exp(−½ q) = (2π)^(d/2) |Σ|^(1/2).
    @Test func correlatedGaussianEvidenceAndMoments() throws {
        let split = ReferenceTargets.GaussianReferenceSplit(KnownAnswer.gaussian)
        let result = try TransitionalMCMC<ReferenceTargets.GaussianReferenceSplit<ReferenceTargets.Gaussian>>(
            particles: 1_000, mcmcSteps: 10).sample(
            target: .shared(split), options: SamplingOptions(chains: 4, seed: 42),
            initialization: .draw { split.samplePrior(using: &$0) }, execution: ExecutionOptions(threads: 2))
        var logDeterminant = 0.0
        let factor = try Cholesky(KnownAnswer.gaussian.covariance)
        logDeterminant = factor.logDeterminant
        let exact = 5 * Foundation.log(2 * Double.pi) + 0.5 * logDeterminant
        let logZ = try #require(result.logEvidence)
        let se = try #require(result.logEvidenceStandardError)
        #expect(abs(logZ - exact) <= 4 * se, "log Z = \(logZ) ± \(se), exact \(exact)")
        Check.moments(result, mean: KnownAnswer.gaussian.mean, covariance: KnownAnswer.gaussianCovariance)
    }

    @Test func bananaAndFunnelMoments() throws {
        let banana = ReferenceTargets.GaussianReferenceSplit(KnownAnswer.banana)
        let b = try TransitionalMCMC<ReferenceTargets.GaussianReferenceSplit<ReferenceTargets.Banana>>(particles: 600).sample(
            target: .shared(banana), options: SamplingOptions(chains: 4, seed: 43),
            initialization: .draw { banana.samplePrior(using: &$0) }, execution: ExecutionOptions(threads: 2))
        Check.moments(b, mean: KnownAnswer.banana.mean, covariance: KnownAnswer.banana.covariance)
        // Z of the banana relative to the N(0, 10²) reference: ∫ exp(−½x₁² − ½r²) = 2π.
        #expect(abs((b.logEvidence ?? .nan) - Foundation.log(2 * Double.pi)) <= 4 * (b.logEvidenceStandardError ?? 0))

        let funnel = ReferenceTargets.GaussianReferenceSplit(KnownAnswer.funnel)
        let f = try TransitionalMCMC<ReferenceTargets.GaussianReferenceSplit<ReferenceTargets.NonCentredFunnel>>(particles: 600).sample(
            target: .shared(funnel), options: SamplingOptions(chains: 4, seed: 44),
            initialization: .draw { funnel.samplePrior(using: &$0) }, execution: ExecutionOptions(threads: 2))
        Check.moments(f, mean: [Double](repeating: 0, count: 10), covariance: KnownAnswer.identity10)
    }

    /// A `Posterior` on a bounded parameter: μ ~ Uniform(−5, 5) (sampled through the logit transform,
    /// so the Jacobian matters), data y ~ N(μ, 1). Closed form:
    /// Z = (1/10)·(2π)^(−n/2)·exp(−½Σ(yᵢ−ȳ)²)·√(2π/n)·[Φ(√n(5−ȳ)) − Φ(√n(−5−ȳ))].
    @Test func posteriorWithTransformedUniformPriorHasExactEvidence() throws {
        let data = [1.2, 0.4, 2.1]
        let space = ParameterSpace([Parameter("mu", prior: .uniform(lower: -5, upper: 5))])
        let likelihood = ClosureLogDensity(dimension: 1) { x in
            data.reduce(0) { $0 + Normal(mean: x[0], standardDeviation: 1).logDensity($1) }
        }
        let posterior = Posterior(space: space, likelihood: likelihood)
        let result = try TransitionalMCMC<Posterior<ClosureLogDensity>>(particles: 1_000).sample(
            target: .shared(posterior), options: SamplingOptions(chains: 4, seed: 45),
            initialization: .draw { space.samplePriorUnconstrained(using: &$0) }, execution: ExecutionOptions(threads: 2))
        let n = Double(data.count)
        let mean = data.reduce(0, +) / n
        let scatter = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let exact = Foundation.log(0.1) - 0.5 * n * Foundation.log(2 * Double.pi) - 0.5 * scatter
            + 0.5 * Foundation.log(2 * Double.pi / n)
            + Foundation.log(standardNormalCDF(n.squareRoot() * (5 - mean)) - standardNormalCDF(n.squareRoot() * (-5 - mean)))
        let logZ = try #require(result.logEvidence)
        let se = try #require(result.logEvidenceStandardError)
        #expect(abs(logZ - exact) <= 4 * se, "log Z = \(logZ) ± \(se), exact \(exact)")
        // Posterior of μ: N(ȳ, 1/n) (truncation at ±5 is > 6 sd away), checked on the natural scale.
        let summary = result.summaries(space: space)[0]
        #expect(abs(summary.mean - mean) <= 5 * summary.mcseMean)
        #expect(abs(summary.standardDeviation - (1 / n).squareRoot()) < 0.05)
    }

    @Test func requiresPriorDraws() {
        #expect(throws: InferenceError.self) {
            try TransitionalMCMC<ReferenceTargets.GaussianMixture>().sample(
                target: .shared(KnownAnswer.mixture), options: SamplingOptions(seed: 1),
                initialization: .points([[0, 0]]), execution: ExecutionOptions())
        }
    }
}

import LinearAlgebra
