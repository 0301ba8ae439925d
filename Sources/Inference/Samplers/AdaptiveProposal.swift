import Foundation
import LinearAlgebra
import Probability

/// A Gaussian random-walk proposal that learns during warm-up, in the mixture form of Roberts &
/// Rosenthal (2009, "Examples of adaptive MCMC", J. Comput. Graph. Stat. 18(2):349–367):
///
///     y = x + λ·L·z                 with probability 0.95,  L·Lᵀ = Σ
///     y = x + (0.1/√d)·D·z           with probability 0.05,  D = initial per-coordinate scales,
///
/// `z ~ N(0, I)`. Both components are symmetric, so the Metropolis ratio is π(y)/π(x). The small fixed
/// component keeps every direction explored, which stops the learned Σ from collapsing onto a subspace.
///
/// - Σ: the chain's own empirical covariance (Haario, Saksman & Tamminen 2001, "An adaptive Metropolis
///   algorithm", Bernoulli 7(2):223–242) of the warm-up draws from 15% to 90% of warm-up (the first 15%
///   is the transient from the start), refactored with LAPACK `dpotrf` when the count reaches 25, 50,
///   100, … and at the end, lightly regularised: `n/(n+5)·C + 10⁻³·v̄·5/(n+5)·I` (v̄ the mean variance;
///   Haario's ε·I).
/// - λ: a Robbins–Monro scale towards acceptance rate 0.234 (Andrieu & Thoms 2008, "A tutorial on
///   adaptive MCMC", Stat. Comput. 18:343–373, Algorithm 4): `log λ += t^(-0.6)·(α − 0.234)`, starting at
///   `2.38/√d` (Roberts, Gelman & Gilks 1997). It makes the sampler robust while Σ is still poor.
///
/// Warm-up shorter than 20 iterations adapts λ only. After warm-up nothing changes, so the post-warm-up
/// chain is a time-homogeneous Metropolis chain.
struct AdaptiveProposal: Sendable, Codable, Equatable {
    static let targetAcceptance = 0.234
    static let fixedComponentProbability = 0.05

    let dimension: Int
    private(set) var logScale: Double
    private(set) var factor: Cholesky
    private let fixedScales: [Double]
    private var history: RunningCovariance
    private var adaptations = 0

    /// - Parameter initialStandardDeviations: per-coordinate scale of the initial (diagonal) Σ.
    init(initialStandardDeviations: [Double]) {
        dimension = initialStandardDeviations.count
        logScale = Foundation.log(2.38 / Double(dimension).squareRoot())
        // A diagonal matrix with positive entries is always SPD.
        factor = (try? Cholesky(Matrix.diagonal(initialStandardDeviations.map { $0 * $0 })))
            ?? { preconditionFailure("initial proposal scales must be positive") }()
        fixedScales = initialStandardDeviations.map { 0.1 * $0 / Double(initialStandardDeviations.count).squareRoot() }
        history = RunningCovariance(dimension: dimension)
    }

    /// Draws a proposal around `x`.
    func propose<G: RandomNumberGenerator>(from x: [Double], using generator: inout G) -> [Double] {
        let useFixed = uniformOpenUnit(using: &generator) < Self.fixedComponentProbability
        var z = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension { z[i] = Normal.standardSample(using: &generator) }
        var y = x
        if useFixed {
            for i in 0..<dimension { y[i] += fixedScales[i] * z[i] }
            return y
        }
        let step = factor.multiplyLower(z)
        let scale = Foundation.exp(logScale)
        for i in 0..<dimension { y[i] += scale * step[i] }
        return y
    }

    /// The warm-up iterations whose draws estimate Σ (empty for warm-up < 20).
    static func estimationRange(warmupIterations: Int) -> Range<Int> {
        guard warmupIterations >= 20 else { return 0..<0 }
        let start = Int((0.15 * Double(warmupIterations)).rounded(.up))
        let end = warmupIterations - Int((0.1 * Double(warmupIterations)).rounded(.up))
        return start..<max(start, end)
    }

    /// Warm-up update after iteration `iteration` (0-based) with acceptance probability `acceptance` and
    /// the chain now at `x`.
    mutating func adapt(iteration: Int, warmupIterations: Int, acceptance: Double, position x: [Double]) {
        adaptations += 1
        let gain = Foundation.pow(Double(adaptations), -0.6)
        logScale += gain * (acceptance - Self.targetAcceptance)
        logScale = min(max(logScale, -30), 30)
        let range = Self.estimationRange(warmupIterations: warmupIterations)
        guard range.contains(iteration) else { return }
        history.add(x)
        let n = history.count
        let isPowerOfTwoMultiple = n >= 25 && n % 25 == 0 && ((n / 25) & (n / 25 - 1)) == 0
        guard isPowerOfTwoMultiple || iteration == range.upperBound - 1, n >= 3 else { return }
        var covariance = history.covariance
        var meanVariance = 0.0
        for i in 0..<dimension { meanVariance += covariance[i + i * dimension] / Double(dimension) }
        guard meanVariance > 0, meanVariance.isFinite else { return }
        let weight = Double(n) / Double(n + 5)
        for k in covariance.indices { covariance[k] *= weight }
        for i in 0..<dimension { covariance[i + i * dimension] += 1e-3 * meanVariance * (1 - weight) }
        if let updated = try? Cholesky(Matrix(rows: dimension, columns: dimension, columnMajor: covariance)) {
            factor = updated
        }  // otherwise keep the previous factor
    }
}
