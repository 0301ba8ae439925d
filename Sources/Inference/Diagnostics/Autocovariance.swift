import Foundation

extension Diagnostics {
    /// The biased autocovariance γ̂_t = (1/N) Σ_{i<N−t} (x_i − x̄)(x_{i+t} − x̄) for every lag t = 0…N−1
    /// (the estimator of Vehtari et al. 2021 and ArviZ).
    ///
    /// Direct O(N²) sums for N ≤ 512; otherwise a zero-padded FFT of length 2^⌈log₂ 2N⌉ (O(N log N)),
    /// which agrees with the direct sums to O(ε log N)·γ̂₀. Empty input gives an empty array.
    public static func autocovariance(_ chain: [Double]) -> [Double] {
        let n = chain.count
        if n == 0 { return [] }
        let mean = chain.reduce(0, +) / Double(n)
        let centred = chain.map { $0 - mean }
        var result = [Double](repeating: 0, count: n)
        if n <= 512 {
            for t in 0..<n {
                var s = 0.0
                for i in 0..<(n - t) { s += centred[i] * centred[i + t] }
                result[t] = s / Double(n)
            }
            return result
        }
        var m = 1
        while m < 2 * n { m <<= 1 }
        var re = centred + [Double](repeating: 0, count: m - n)
        var im = [Double](repeating: 0, count: m)
        let fft = FastFourierTransform(count: m)
        fft.transform(real: &re, imaginary: &im, inverse: false)
        for k in 0..<m { re[k] = re[k] * re[k] + im[k] * im[k]; im[k] = 0 }
        fft.transform(real: &re, imaginary: &im, inverse: true)
        for t in 0..<n { result[t] = re[t] / Double(m) / Double(n) }
        return result
    }

    /// The autocorrelation ρ̂_t = γ̂_t / γ̂₀ for every lag t = 0…N−1 (biased 1/N autocovariance).
    /// A constant chain gives NaN at every lag (0/0).
    public static func autocorrelation(_ chain: [Double]) -> [Double] {
        let acov = autocovariance(chain)
        guard let first = acov.first else { return [] }
        return acov.map { $0 / first }
    }

    /// The integrated autocorrelation time τ = 1 + 2 Σ_{t≥1} ρ_t of one chain, estimated with Geyer's
    /// initial positive sequence followed by the initial monotone sequence (Geyer 1992), exactly as in
    /// the single-chain ESS of Vehtari et al. (2021): N / τ is ArviZ's ESS of the unsplit chain.
    ///
    /// τ is floored at 1/log₁₀(N) (as in the ESS estimator), so anticorrelated chains give τ < 1.
    /// NaN when the chain has fewer than 4 draws, contains NaN, or is constant.
    /// For AR(1) with coefficient φ the true value is (1 + φ)/(1 − φ).
    public static func autocorrelationTime(_ chain: [Double]) -> Double {
        guard chain.count >= 4, !chain.contains(where: \.isNaN), !isConstant(chain) else { return .nan }
        return integratedTime(DrawMatrix(chains: 1, draws: chain.count, values: chain))
    }

    /// The integrated autocorrelation time with Sokal's automatic window, as in emcee's
    /// `integrated_time` for one walker (Sokal 1997; Goodman & Weare 2010): τ(M) = 1 + 2 Σ_{t=1}^{M} ρ_t
    /// with the smallest window M ≥ c·τ(M) (c = `windowFactor`, default 5); if no such M exists, the
    /// largest. NaN for fewer than 4 draws, NaN draws or a constant chain.
    public static func autocorrelationTimeSokal(_ chain: [Double], windowFactor: Double = 5) -> Double {
        guard chain.count >= 4, !chain.contains(where: \.isNaN), !isConstant(chain) else { return .nan }
        var acov = LazyAutocovariance(DrawMatrix(chains: 1, draws: chain.count, values: chain))
        let variance = acov(0)
        var tau = 1.0
        for m in 1..<chain.count {
            tau += 2 * acov(m) / variance
            if Double(m) >= windowFactor * tau { return tau }
        }
        return tau
    }
}
