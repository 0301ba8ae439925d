import Foundation
import LinearAlgebra
import Probability

/// A Gaussian random-walk proposal `y = x + λ·L·z`, `z ~ N(0, I)`, `L·Lᵀ = Σ`, that learns during warm-up:
///
/// - Σ: the chain's own empirical covariance (Haario, Saksman & Tamminen 2001, "An adaptive Metropolis
///   algorithm", Bernoulli 7(2):223–242), estimated in Stan-style doubling windows so that the transient
///   from a poor start is forgotten: after an initial 15% of warm-up (scale only), windows of 25, 50,
///   100, … iterations (the last one stretched to 90% of warm-up) each re-estimate Σ from their own draws
///   only, shrunk lightly towards a multiple of I (`n/(n+5)·C + 10⁻³·v̄·5/(n+5)·I`, v̄ the mean variance;
///   Haario's ε·I regulariser). Σ is factored with LAPACK `dpotrf`.
/// - λ: a Robbins–Monro scale towards acceptance rate 0.234 (Andrieu & Thoms 2008, "A tutorial on
///   adaptive MCMC", Stat. Comput. 18:343–373, Algorithm 4): `log λ += t^(-0.6)·(α − 0.234)`, starting at
///   `2.38/√d` (Roberts, Gelman & Gilks 1997); the gain restarts when Σ changes. The global scale makes it
///   robust while Σ is still poor.
///
/// Warm-up shorter than 20 iterations adapts λ only. After warm-up nothing changes, so the post-warm-up
/// chain is a time-homogeneous Metropolis chain.
struct AdaptiveProposal: Sendable, Codable, Equatable {
    static let targetAcceptance = 0.234

    let dimension: Int
    private(set) var logScale: Double
    private(set) var factor: Cholesky
    private var window: RunningCovariance
    private var adaptations = 0

    /// - Parameter initialStandardDeviations: per-coordinate scale of the initial (diagonal) Σ.
    init(initialStandardDeviations: [Double]) {
        dimension = initialStandardDeviations.count
        logScale = Foundation.log(2.38 / Double(dimension).squareRoot())
        // A diagonal matrix with positive entries is always SPD.
        factor = (try? Cholesky(Matrix.diagonal(initialStandardDeviations.map { $0 * $0 })))
            ?? { preconditionFailure("initial proposal scales must be positive") }()
        window = RunningCovariance(dimension: dimension)
    }

    /// Draws a proposal around `x`.
    func propose<G: RandomNumberGenerator>(from x: [Double], using generator: inout G) -> [Double] {
        var z = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension { z[i] = Normal.standardSample(using: &generator) }
        let step = factor.multiplyLower(z)
        let scale = Foundation.exp(logScale)
        var y = x
        for i in 0..<dimension { y[i] += scale * step[i] }
        return y
    }

    /// The covariance-estimation windows for a warm-up length: half-open iteration ranges.
    static func windows(warmupIterations: Int) -> [Range<Int>] {
        guard warmupIterations >= 20 else { return [] }
        let start = Int((0.15 * Double(warmupIterations)).rounded(.up))
        let end = warmupIterations - Int((0.1 * Double(warmupIterations)).rounded(.up))
        var ranges = [Range<Int>]()
        var lower = start
        var size = 25
        while lower < end {
            var upper = min(lower + size, end)
            if end - upper < 2 * size { upper = end }  // stretch the last window to the end
            ranges.append(lower..<upper)
            lower = upper
            size *= 2
        }
        return ranges
    }

    /// Warm-up update after iteration `iteration` (0-based) with acceptance probability `acceptance` and
    /// the chain now at `x`.
    mutating func adapt(iteration: Int, warmupIterations: Int, acceptance: Double, position x: [Double]) {
        adaptations += 1
        let gain = Foundation.pow(Double(adaptations), -0.6)
        logScale += gain * (acceptance - Self.targetAcceptance)
        logScale = min(max(logScale, -30), 30)
        guard let current = Self.windows(warmupIterations: warmupIterations).first(where: { $0.contains(iteration) })
        else { return }
        window.add(x)
        guard iteration == current.upperBound - 1 else { return }
        let n = Double(window.count)
        var covariance = window.covariance
        window = RunningCovariance(dimension: dimension)
        var meanVariance = 0.0
        for i in 0..<dimension { meanVariance += covariance[i + i * dimension] / Double(dimension) }
        guard meanVariance > 0, meanVariance.isFinite, n >= 3 else { return }
        for k in covariance.indices { covariance[k] *= n / (n + 5) }
        for i in 0..<dimension { covariance[i + i * dimension] += 1e-3 * meanVariance * 5 / (n + 5) }
        if let updated = try? Cholesky(Matrix(rows: dimension, columns: dimension, columnMajor: covariance)) {
            factor = updated
            logScale = Foundation.log(2.38 / Double(dimension).squareRoot())
            adaptations = 0
        }  // otherwise keep the previous factor
    }
}
