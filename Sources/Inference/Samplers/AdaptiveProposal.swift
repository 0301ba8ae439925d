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
///
/// **Leading-block moves** (`activeDimension` k < d): `z` is drawn for the first k coordinates only
/// (the rest of `z` is 0; the fixed component moves the first k coordinates). With L lower triangular,
/// `L·(z₁, 0)` moves the first k coordinates by `λ·L₁₁z₁ ~ N(0, λ²Σ₁₁)` and the others by `Σ₂₁Σ₁₁⁻¹`
/// times that: their regression on the moved block, so moves follow the learned correlations. The
/// proposal is symmetric (z ↦ −z) on a k-dimensional affine subspace through x, so the Metropolis ratio
/// is still π(y)/π(x). λ starts at `2.38/√k`.
struct AdaptiveProposal: Sendable, Codable, Equatable {
    static let targetAcceptance = 0.234
    static let fixedComponentProbability = 0.05

    let dimension: Int
    private(set) var logScale: Double
    private(set) var factor: Cholesky
    private let fixedScales: [Double]
    private var history: RunningCovariance
    private var adaptations = 0
    /// Number of leading coordinates a move draws `z` for (nil: all of them).
    private var activeDimension: Int?

    /// - Parameters:
    ///   - initialStandardDeviations: per-coordinate scale of the initial (diagonal) Σ.
    ///   - activeDimension: leading-block moves of the first k coordinates (nil: all; see above).
    init(initialStandardDeviations: [Double], activeDimension: Int? = nil) {
        let d = initialStandardDeviations.count
        precondition(activeDimension.map { $0 >= 1 && $0 <= d } ?? true, "active dimension must be in 1…\(d)")
        dimension = d
        self.activeDimension = activeDimension == d ? nil : activeDimension
        logScale = Foundation.log(2.38 / Double(activeDimension ?? d).squareRoot())
        // A diagonal matrix with positive entries is always SPD.
        factor = (try? Cholesky(Matrix.diagonal(initialStandardDeviations.map { $0 * $0 })))
            ?? { preconditionFailure("initial proposal scales must be positive") }()
        fixedScales = initialStandardDeviations.map { 0.1 * $0 / Double(initialStandardDeviations.count).squareRoot() }
        history = RunningCovariance(dimension: dimension)
    }

    /// Draws a proposal around `x`.
    func propose<G: RandomNumberGenerator>(from x: [Double], using generator: inout G) -> [Double] {
        let useFixed = uniformOpenUnit(using: &generator) < Self.fixedComponentProbability
        let active = activeDimension ?? dimension
        var z = [Double](repeating: 0, count: dimension)
        for i in 0..<active { z[i] = Normal.standardSample(using: &generator) }
        var y = x
        if useFixed {
            for i in 0..<active { y[i] += fixedScales[i] * z[i] }
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
