import Foundation
import Probability

/// Draws of one scalar as a chains × draws block, chain-major: `values[c * draws + t]`.
struct DrawMatrix {
    let chains: Int
    let draws: Int
    var values: [Double]

    init(chains: Int, draws: Int, values: [Double]) {
        precondition(values.count == chains * draws, "draw matrix needs \(chains * draws) values")
        self.chains = chains
        self.draws = draws
        self.values = values
    }

    /// From `chains[c][draw]`; all chains must have the same length (a programmer error otherwise).
    init(_ nested: [[Double]]) {
        let n = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == n },
                     "all chains must have the same number of draws, got \(nested.map(\.count))")
        self.init(chains: nested.count, draws: n, values: nested.flatMap { $0 })
    }

    func chain(_ c: Int) -> ArraySlice<Double> { values[(c * draws)..<((c + 1) * draws)] }

    /// Split-chain step: each chain's first ⌊N/2⌋ draws and last ⌊N/2⌋ draws become two chains (the
    /// middle draw of an odd-length chain is dropped). Order as ArviZ: all first halves, then all
    /// second halves.
    func split() -> DrawMatrix {
        let half = draws / 2
        var out = [Double]()
        out.reserveCapacity(2 * chains * half)
        for c in 0..<chains { out += values[(c * draws)..<(c * draws + half)] }
        for c in 0..<chains { out += values[((c + 1) * draws - half)..<((c + 1) * draws)] }
        return DrawMatrix(chains: 2 * chains, draws: half, values: out)
    }

    func mapValues(_ f: (Double) -> Double) -> DrawMatrix {
        DrawMatrix(chains: chains, draws: draws, values: values.map(f))
    }
}

extension Diagnostics {
    /// Minimum number of draws per chain for any diagnostic (as ArviZ); fewer gives NaN.
    public static let minimumDrawsPerChain = 4

    /// All values identical (a stuck or fixed parameter).
    static func isConstant<C: Collection>(_ values: C) -> Bool where C.Element == Double {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// The checked draw matrix, or nil when the diagnostics are undefined: fewer than
    /// ``minimumDrawsPerChain`` draws, fewer than `minimumChains` chains, any NaN, or constant draws.
    static func validated(_ chains: [[Double]], minimumChains: Int) -> DrawMatrix? {
        let m = DrawMatrix(chains)
        guard m.chains >= minimumChains, m.draws >= minimumDrawsPerChain,
              !m.values.contains(where: \.isNaN), !isConstant(m.values) else { return nil }
        return m
    }

    /// Average ranks (1-based; ties share the mean of their positions) of all values jointly.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = 0.5 * Double(i + j) + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Rank normalisation: z = Φ⁻¹((r − 3/8)/(S + 1/4)) with joint average ranks r over all S draws
    /// (Blom's offset; Vehtari et al. 2021, eq. 14).
    static func rankNormalized(_ m: DrawMatrix) -> DrawMatrix {
        let ranks = averageRanks(m.values)
        let s = Double(m.values.count)
        return DrawMatrix(chains: m.chains, draws: m.draws,
                          values: ranks.map { standardNormalQuantile(($0 - 0.375) / (s + 0.25)) })
    }

    /// The median with numpy's convention (mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double {
        quantile(sorted: values.sorted(), probability: 0.5)
    }

    /// Quantile of sorted data by linear interpolation between order statistics (numpy's default
    /// `method="linear"`, R type 7, also ArviZ's): h = (S − 1)p, x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋).
    static func quantile(sorted x: [Double], probability p: Double) -> Double {
        precondition(!x.isEmpty, "quantile of no draws")
        precondition(p >= 0 && p <= 1, "probability must be in [0, 1], got \(p)")
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        if lo >= x.count - 1 { return x[x.count - 1] }
        let t = h - Double(lo)
        let a = x[lo], b = x[lo + 1]
        // numpy's _lerp: interpolate from the nearer end for symmetry.
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }

    /// Potential scale reduction of a draw matrix: √((B/W + N − 1)/N) with B = N·var(chain means) and
    /// W = mean of the chain variances (both with the n − 1 divisor). NaN when W = 0.
    static func rHatCore(_ m: DrawMatrix) -> Double {
        let n = Double(m.draws)
        var means = [Double](repeating: 0, count: m.chains)
        var withinSum = 0.0
        for c in 0..<m.chains {
            let chain = m.chain(c)
            let mean = chain.reduce(0, +) / n
            means[c] = mean
            withinSum += chain.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        }
        let within = withinSum / Double(m.chains)
        let between = n * sampleVariance(means)
        return ((between / within + n - 1) / n).squareRoot()
    }

    /// Variance with the n − 1 divisor (two-pass).
    static func sampleVariance<C: Collection>(_ x: C) -> Double where C.Element == Double {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }

    /// Geyer's estimate of the integrated autocorrelation time τ̂ of a (split) draw matrix, following
    /// Vehtari et al. (2021) §3.2 and ArviZ's `_ess` line by line:
    /// combined autocorrelations ρ̂_t = 1 − (W − mean_c γ̂_{c,t})/var⁺ with the biased autocovariances,
    /// summed over the initial positive sequence of pairs (ρ̂_{2k} + ρ̂_{2k+1} > 0), made monotone
    /// (Geyer's initial monotone sequence), and floored at 1/log₁₀(S) for S = chains × draws.
    /// If the values are constant to within 1e−15 (an indicator sequence can be), τ̂ = 1 (ESS = S) as
    /// in ArviZ. NaN propagates.
    static func integratedTime(_ m: DrawMatrix) -> Double {
        let chains = m.chains, n = m.draws
        let total = Double(chains * n)
        let lo = m.values.min() ?? 0, hi = m.values.max() ?? 0
        if hi - lo < 1e-15 { return 1 }
        let nd = Double(n)
        var chainMeans = [Double](repeating: 0, count: chains)
        for c in 0..<chains { chainMeans[c] = m.chain(c).reduce(0, +) / nd }
        var acovMean = LazyAutocovariance(m)
        let meanVar = acovMean(0) * nd / (nd - 1)
        var varPlus = meanVar * (nd - 1) / nd
        if chains > 1 { varPlus += sampleVariance(chainMeans) }

        var rho = [Double](repeating: 0, count: n)
        var rhoEven = 1.0
        rho[0] = rhoEven
        var rhoOdd = 1 - (meanVar - acovMean(1)) / varPlus
        rho[1] = rhoOdd
        // Geyer's initial positive sequence.
        var t = 1
        while t < n - 3 && rhoEven + rhoOdd > 0 {
            rhoEven = 1 - (meanVar - acovMean(t + 1)) / varPlus
            rhoOdd = 1 - (meanVar - acovMean(t + 2)) / varPlus
            if rhoEven + rhoOdd >= 0 {
                rho[t + 1] = rhoEven
                rho[t + 2] = rhoOdd
            }
            t += 2
        }
        let maxT = t - 2
        if rhoEven > 0 { rho[maxT + 1] = rhoEven }  // improves the estimate (ArviZ / Stan)
        // Geyer's initial monotone sequence.
        t = 1
        while t <= maxT - 2 {
            if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t] {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2
                rho[t + 2] = rho[t + 1]
            }
            t += 2
        }
        if rho.contains(where: \.isNaN) { return .nan }
        var sum = 0.0
        if maxT >= 0 { for k in 0...maxT { sum += rho[k] } }
        var tau = -1 + 2 * sum + rho[maxT + 1]
        tau = max(tau, 1 / log10(total))
        return tau
    }

    /// ESS = S / τ̂ of a draw matrix.
    static func essCore(_ m: DrawMatrix) -> Double {
        Double(m.chains * m.draws) / integratedTime(m)
    }
}
