import Foundation
import Probability

/// Hyperpriors of the hierarchical normal model: `μ ~ N(meanLocation, meanScale²)`,
/// `τ ~ half-normal(scaleScale)`.
public struct HierarchicalNormalHyperprior: Sendable, Equatable, Codable {
    public var meanLocation: Double
    public var meanScale: Double
    public var scaleScale: Double

    /// Defaults: `μ ~ N(0, 10²)`, `τ ~ half-normal(2.5)`; weakly informative for log-parameters
    /// (a factor e^10 either way for μ; population spreads up to a factor of ~e^5).
    public init(meanLocation: Double = 0, meanScale: Double = 10, scaleScale: Double = 2.5) {
        precondition(meanScale > 0 && scaleScale > 0, "hyperprior scales must be positive")
        self.meanLocation = meanLocation
        self.meanScale = meanScale
        self.scaleScale = scaleScale
    }
}

/// The posterior of the population mean μ and standard deviation τ of a scalar unit-level parameter θ,
/// given each unit's posterior draws under its own prior (two-stage / "prior recycling" estimate, Lunn
/// et al. 2013):
///
///     p(y_i | μ, τ) = ∫ p(y_i | θ) N(θ; μ, τ²) dθ = Z_i · E_{θ ~ p(θ | y_i)}[N(θ; μ, τ²) / prior_i(θ)]
///                   ≈ Z_i · (1/S) Σ_s N(θ_is; μ, τ²) / prior_i(θ_is)
///
/// (`Z_i` does not depend on μ, τ and drops out). Coordinates on the sampler's scale: `u = (μ, log τ)`;
/// `logPrior` includes the Jacobian `log τ`.
///
/// Caveats: the estimate is a self-normalised importance sum; it is poor when N(θ; μ, τ²) puts its mass
/// where the unit has few draws (τ much smaller than the unit's posterior spread combined with few
/// draws, or μ far from the unit's posterior). ``reweightingEffectiveSampleSize(unit:mean:standardDeviation:)``
/// measures this. Units are treated as exchangeable and each parameter is modelled on its own (no
/// correlations between parameters); the unit priors must be independent across parameters so that the
/// marginal prior of θ is what was divided out.
public struct HierarchicalNormalPosterior: PriorLikelihoodDensity, Sendable {
    public let units: [UnitDraws]
    public let hyperprior: HierarchicalNormalHyperprior

    public init(units: [UnitDraws], hyperprior: HierarchicalNormalHyperprior = .init()) {
        precondition(!units.isEmpty, "the population model needs at least one unit")
        self.units = units
        self.hyperprior = hyperprior
    }

    public var dimension: Int { 2 }

    public func logPrior(_ u: [Double]) -> Double {
        let mu = u[0], logTau = u[1]
        let tau = Foundation.exp(logTau)
        guard mu.isFinite, tau > 0, tau.isFinite else { return -.infinity }
        let zm = (mu - hyperprior.meanLocation) / hyperprior.meanScale
        let zt = tau / hyperprior.scaleScale
        let halfLogTwoPi = 0.918_938_533_204_672_8
        return (-0.5 * zm * zm - Foundation.log(hyperprior.meanScale) - halfLogTwoPi)
            + (Foundation.log(2) - 0.5 * zt * zt - Foundation.log(hyperprior.scaleScale) - halfLogTwoPi)
            + logTau
    }

    public func logLikelihood(_ u: [Double]) -> Double {
        let mu = u[0], tau = Foundation.exp(u[1])
        guard mu.isFinite, tau > 0, tau.isFinite else { return -.infinity }
        var total = 0.0
        for unit in units { total += Self.unitLogMarginal(unit, mean: mu, standardDeviation: tau) }
        return total
    }

    /// `log (1/S) Σ_s N(θ_s; μ, τ²)/prior(θ_s)` for one unit (two-pass log-sum-exp, no allocation).
    public static func unitLogMarginal(_ unit: UnitDraws, mean mu: Double, standardDeviation tau: Double) -> Double {
        let halfLogTwoPi = 0.918_938_533_204_672_8
        let constant = -Foundation.log(tau) - halfLogTwoPi
        let inverse = 1 / tau
        return unit.values.withUnsafeBufferPointer { theta in
            unit.logPriorDensities.withUnsafeBufferPointer { lp in
                var maximum = -Double.infinity
                for s in 0..<theta.count {
                    let z = (theta[s] - mu) * inverse
                    maximum = Swift.max(maximum, -0.5 * z * z - lp[s])
                }
                guard maximum.isFinite else { return -.infinity }
                var sum = 0.0
                for s in 0..<theta.count {
                    let z = (theta[s] - mu) * inverse
                    sum += Foundation.exp(-0.5 * z * z - lp[s] - maximum)
                }
                return maximum + Foundation.log(sum / Double(theta.count)) + constant
            }
        }
    }

    /// Kish effective sample size `(Σw)²/Σw²` of a unit's draws under the weights
    /// `w_s ∝ N(θ_s; μ, τ²)/prior(θ_s)`: how many of its draws actually inform the estimate at (μ, τ).
    public static func reweightingEffectiveSampleSize(unit: UnitDraws, mean mu: Double, standardDeviation tau: Double) -> Double {
        var logW = [Double](repeating: 0, count: unit.values.count)
        for s in logW.indices {
            let z = (unit.values[s] - mu) / tau
            logW[s] = -0.5 * z * z - unit.logPriorDensities[s]
        }
        let maximum = logW.max() ?? -.infinity
        guard maximum.isFinite else { return 0 }
        var sum = 0.0, sumSquares = 0.0
        for v in logW { let w = Foundation.exp(v - maximum); sum += w; sumSquares += w * w }
        return sum * sum / sumSquares
    }
}
