import Foundation
import Probability

/// Convergence and efficiency diagnostics for MCMC draws of one scalar quantity, following
/// Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and localization:
/// An improved R̂ for assessing convergence of MCMC", Bayesian Analysis 16(2):667–696, and matching
/// ArviZ 0.x (`az.rhat`, `az.ess`, `az.mcse`) to round-off (checked against fixtures made by ArviZ 0.23.4).
///
/// Input is `chains[c][draw]`; every chain must have the same length (a programmer error otherwise).
///
/// Conventions that decide agreement:
/// - splitting keeps the first and last ⌊N/2⌋ draws of each chain (the middle draw of an odd length is
///   dropped);
/// - rank normalisation uses joint average ranks over all (split) draws, z = Φ⁻¹((r − 3/8)/(S + 1/4));
/// - autocovariances use the biased 1/N normaliser; τ̂ uses Geyer's initial positive then monotone
///   sequence and is floored at 1/log₁₀(S);
/// - tail-ESS is the minimum of the quantile ESS at 5% and 95% (Stan, ArviZ 0.x; ArviZ 1.x uses 11%/89%);
/// - quantiles are numpy's default linear interpolation (type 7).
///
/// Undefined cases return NaN and never crash: fewer than 4 draws per chain, any NaN draw, draws that are
/// all identical (constant), and — for R̂ only — fewer than 2 chains. For constant draws this deliberately
/// differs from ArviZ 0.23.4, which reports ESS = S and MCSE = 0 there; a stuck parameter should not look
/// well mixed (Stan's `posterior` also returns NA).
public enum Diagnostics {
    /// Classic split-R̂ on the raw draws (Gelman et al., BDA3 §11.4), as `az.rhat(method="split")`.
    /// NaN with fewer than 2 chains (before splitting) or in the undefined cases above.
    public static func splitRHat(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 2) else { return .nan }
        return rHatCore(m.split())
    }

    /// Rank-normalised split-R̂: the larger of the bulk R̂ (split, rank-normalised draws) and the tail
    /// R̂ (the same after folding, |x − median|, with the median of the split draws), as
    /// `az.rhat(method="rank")`. Vehtari et al. recommend R̂ < 1.01.
    public static func rankNormalizedSplitRHat(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 2) else { return .nan }
        let split = m.split()
        let bulk = rHatCore(rankNormalized(split))
        let med = median(split.values)
        let tail = rHatCore(rankNormalized(split.mapValues { abs($0 - med) }))
        // Python's max(bulk, tail) as in ArviZ: NaN bulk → NaN; NaN tail (folded draws constant) → bulk.
        if bulk.isNaN { return .nan }
        return tail > bulk ? tail : bulk
    }

    /// ESS of the mean: Geyer's estimator on the split raw draws (`az.ess(method="mean")`).
    public static func effectiveSampleSize(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        return essCore(m.split())
    }

    /// Bulk-ESS: ESS of the split, rank-normalised draws (`az.ess(method="bulk")`).
    public static func bulkEffectiveSampleSize(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        return essCore(rankNormalized(m.split()))
    }

    /// Tail-ESS: min of the quantile ESS at 5% and 95% (`az.ess(method="tail")`, ArviZ 0.x).
    public static func tailEffectiveSampleSize(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        let sorted = m.values.sorted()
        return min(quantileESS(m, quantile: quantile(sorted: sorted, probability: 0.05)),
                   quantileESS(m, quantile: quantile(sorted: sorted, probability: 0.95)))
    }

    /// ESS of the `probability` quantile: ESS of the split indicator I(x ≤ q̂_p)
    /// (`az.ess(method="quantile", prob:)`).
    public static func quantileEffectiveSampleSize(_ chains: [[Double]], probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1), got \(probability)")
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        return quantileESS(m, quantile: quantile(sorted: m.values.sorted(), probability: probability))
    }

    private static func quantileESS(_ m: DrawMatrix, quantile q: Double) -> Double {
        essCore(m.mapValues { $0 <= q ? 1 : 0 }.split())
    }

    /// Monte Carlo standard error of the mean: sd / √ESS_mean with the n − 1 sd over all draws
    /// (`az.mcse(method="mean")`).
    public static func mcseMean(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        return (sampleVariance(m.values) / essCore(m.split())).squareRoot()
    }

    /// Monte Carlo standard error of the standard deviation (`az.mcse(method="sd")`, ArviZ 0.23):
    /// with d = (x − x̄)², Var(σ̂²) ≈ (mean(d²) − mean(d)²)/ESS_mean(d), and by the delta method
    /// MCSE(σ̂) = √(Var(σ̂²) / (4 mean(d))).
    public static func mcseStandardDeviation(_ chains: [[Double]]) -> Double {
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        let mean = m.values.reduce(0, +) / Double(m.values.count)
        let d = m.mapValues { ($0 - mean) * ($0 - mean) }
        let s = Double(d.values.count)
        let ed = d.values.reduce(0, +) / s
        let ed2 = d.values.reduce(0) { $0 + $1 * $1 } / s
        let ess = essCore(d.split())
        let varVar = (ed2 - ed * ed) / ess
        return (varVar / ed / 4).squareRoot()
    }

    /// Monte Carlo standard error of the `probability` quantile (Vehtari et al. 2021, §4.3; as
    /// `az.mcse(method="quantile")`): with ESS_q the quantile ESS, take the 15.87% and 84.13% quantiles
    /// (±1σ) of Beta(ESS_q·p + 1, ESS_q·(1 − p) + 1), map them to order statistics of the pooled sorted
    /// draws (indices ⌊a·S − 1⌋ and ⌈b·S − 1⌉, clamped), and return half the distance between them.
    public static func mcseQuantile(_ chains: [[Double]], probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1), got \(probability)")
        guard let m = validated(chains, minimumChains: 1) else { return .nan }
        let sorted = m.values.sorted()
        let ess = quantileESS(m, quantile: quantile(sorted: sorted, probability: probability))
        let a = ess * probability + 1, b = ess * (1 - probability) + 1
        let lower = inverseRegularizedIncompleteBeta(0.1586553, a: a, b: b)
        let upper = inverseRegularizedIncompleteBeta(0.8413447, a: a, b: b)
        let size = Double(sorted.count)
        let i1 = Int(max(lower * size - 1, 0).rounded(.down))
        let i2 = Int(min(upper * size - 1, size - 1).rounded(.up))
        return (sorted[i2] - sorted[i1]) / 2
    }

    /// The `probability` quantile of all draws pooled, numpy's linear interpolation.
    public static func quantile(_ chains: [[Double]], probability: Double) -> Double {
        quantile(sorted: chains.flatMap { $0 }.sorted(), probability: probability)
    }

    /// Summary of one parameter: pooled mean, sd (n − 1), 5/50/95% quantiles (numpy linear), rank
    /// R̂, bulk-/tail-ESS and MCSE of mean and sd. Diagnostics follow the NaN rules above; mean, sd and
    /// quantiles are defined for any non-empty draws.
    public static func summarize(name: String, chains: [[Double]]) -> ParameterSummary {
        let all = DrawMatrix(chains).values
        precondition(!all.isEmpty, "summary of '\(name)' needs at least one draw")
        let sorted = all.sorted()
        let mean = all.reduce(0, +) / Double(all.count)
        return ParameterSummary(
            name: name, mean: mean,
            standardDeviation: all.count > 1 ? sampleVariance(all).squareRoot() : .nan,
            q5: quantile(sorted: sorted, probability: 0.05),
            q50: quantile(sorted: sorted, probability: 0.5),
            q95: quantile(sorted: sorted, probability: 0.95),
            rHat: rankNormalizedSplitRHat(chains),
            bulkESS: bulkEffectiveSampleSize(chains),
            tailESS: tailEffectiveSampleSize(chains),
            mcseMean: mcseMean(chains),
            mcseStandardDeviation: mcseStandardDeviation(chains))
    }
}
