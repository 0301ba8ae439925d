import Foundation
import LinearAlgebra
import Probability

/// Standard test posteriors with known answers, for checking and benchmarking samplers
/// (all `Sendable` and pure, so one instance may be shared by all workers).
public enum ReferenceTargets {}

extension ReferenceTargets {
    /// A multivariate normal N(μ, Σ): `log π(x) = −½ (x−μ)ᵀ Σ⁻¹ (x−μ)` (constant dropped),
    /// evaluated with the LAPACK Cholesky factor of Σ by forward substitution.
    public struct Gaussian: LogDensity, Sendable {
        public let mean: [Double]
        /// Σ, column-major.
        public let covariance: Matrix
        private let factor: Cholesky

        public init(mean: [Double], covariance: Matrix) throws(LinearAlgebraError) {
            precondition(covariance.isSquare && covariance.rows == mean.count, "covariance must be n×n for n = \(mean.count)")
            self.mean = mean
            self.covariance = covariance
            factor = try Cholesky(covariance)
        }

        /// The 10-D test case: standard deviations log-spaced from 0.5 to 5 and correlation 0.8^|i−j|
        /// (an AR(1) correlation; condition number ≈ 10³), mean (1, 2, …, 10)/2.
        public static func correlated10D() -> Gaussian {
            let n = 10
            let sds = (0..<n).map { 0.5 * Foundation.pow(10, Double($0) / Double(n - 1)) }
            var s = [Double](repeating: 0, count: n * n)
            for j in 0..<n { for i in 0..<n { s[i + j * n] = sds[i] * sds[j] * Foundation.pow(0.8, Double(abs(i - j))) } }
            // An AR(1) correlation matrix scaled by positive sds is SPD, so this cannot fail.
            guard let g = try? Gaussian(mean: (1...n).map { Double($0) / 2 }, covariance: Matrix(rows: n, columns: n, columnMajor: s))
            else { preconditionFailure("AR(1) covariance must be SPD") }
            return g
        }

        public var dimension: Int { mean.count }

        public func logDensity(_ x: [Double]) -> Double {
            let n = mean.count
            var z = [Double](repeating: 0, count: n)
            var quadratic = 0.0
            for i in 0..<n {
                var r = x[i] - mean[i]
                for j in 0..<i { r -= factor.lower[i, j] * z[j] }
                z[i] = r / factor.lower[i, i]
                quadratic += z[i] * z[i]
            }
            return -0.5 * quadratic
        }
    }

    /// A banana (twisted Gaussian, Haario, Saksman & Tamminen 1999): `x₁ ~ N(0, 1)`,
    /// `x₂ | x₁ ~ N(b(x₁² − 1), 1)`. Exact moments: E x = 0, Var x₁ = 1, Var x₂ = 1 + 2b², Cov = 0.
    public struct Banana: LogDensity, Sendable {
        /// Curvature b.
        public let curvature: Double
        public init(curvature: Double = 1) { self.curvature = curvature }
        public var dimension: Int { 2 }
        public func logDensity(_ x: [Double]) -> Double {
            let r = x[1] - curvature * (x[0] * x[0] - 1)
            return -0.5 * x[0] * x[0] - 0.5 * r * r
        }
        /// Exact mean and covariance (row arrays).
        public var mean: [Double] { [0, 0] }
        public var covariance: [[Double]] { [[1, 0], [0, 1 + 2 * curvature * curvature]] }
    }

    /// Neal's funnel in its non-centred form (Neal 2003, "Slice sampling", Ann. Stat. 31(3)): the
    /// sampled coordinates (v, z₁, …, z_{n−1}) are independent N(0, 1) (with funnel variables
    /// `xᵢ = exp(v/2)·zᵢ` derived from them), so the exact answer is mean 0 and covariance I.
    public struct NonCentredFunnel: LogDensity, Sendable {
        public let dimension: Int
        public init(dimension: Int = 10) {
            precondition(dimension >= 2, "the funnel needs at least 2 coordinates")
            self.dimension = dimension
        }
        public func logDensity(_ x: [Double]) -> Double { -0.5 * x.reduce(0) { $0 + $1 * $1 } }
        /// The centred funnel variables `xᵢ = exp(v/2)·zᵢ` for a draw (v, z).
        public func funnelVariables(_ draw: [Double]) -> [Double] {
            draw.dropFirst().map { Foundation.exp(draw[0] / 2) * $0 }
        }
    }

    /// A two-component Gaussian mixture likelihood under a Gaussian prior, with closed-form evidence:
    /// prior `u ~ N(0, s²I)`, likelihood `L(u) = Σₖ wₖ N(u; μₖ, σ²I)` (normalised densities), so
    /// `Z = Σₖ wₖ N(μₖ; 0, (s² + σ²)I)`, and the posterior is the mixture of
    /// `N(μₖ s²/(s²+σ²), s²σ²/(s²+σ²) I)` with weights ∝ `wₖ N(μₖ; 0, (s²+σ²)I)`.
    public struct GaussianMixture: PriorLikelihoodDensity, Sendable {
        public let priorStandardDeviation: Double
        public let componentStandardDeviation: Double
        public let weights: [Double]
        public let centres: [[Double]]

        /// The 2-D test case: s = 3, σ = 1, weights 0.3/0.7, centres (−1.5, −1.5) and (1.5, 1.5).
        public init(priorStandardDeviation: Double = 3, componentStandardDeviation: Double = 1,
                    weights: [Double] = [0.3, 0.7], centres: [[Double]] = [[-1.5, -1.5], [1.5, 1.5]]) {
            precondition(weights.count == centres.count && !weights.isEmpty, "one weight per centre")
            precondition(Set(centres.map(\.count)).count == 1, "centres must share a dimension")
            self.priorStandardDeviation = priorStandardDeviation
            self.componentStandardDeviation = componentStandardDeviation
            self.weights = weights
            self.centres = centres
        }

        public var dimension: Int { centres[0].count }

        static func logNormal(_ x: [Double], _ mu: [Double], variance: Double) -> Double {
            var q = 0.0
            for i in x.indices { q += (x[i] - mu[i]) * (x[i] - mu[i]) }
            return -0.5 * q / variance - 0.5 * Double(x.count) * Foundation.log(2 * Double.pi * variance)
        }

        public func logPrior(_ u: [Double]) -> Double {
            Self.logNormal(u, [Double](repeating: 0, count: u.count), variance: priorStandardDeviation * priorStandardDeviation)
        }

        public func logLikelihood(_ u: [Double]) -> Double {
            let terms = zip(weights, centres).map { w, mu in
                Foundation.log(w) + Self.logNormal(u, mu, variance: componentStandardDeviation * componentStandardDeviation)
            }
            let m = terms.max() ?? -.infinity
            return m + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - m) })
        }

        /// Exact log-evidence.
        public var logEvidence: Double {
            let v = priorStandardDeviation * priorStandardDeviation + componentStandardDeviation * componentStandardDeviation
            let zero = [Double](repeating: 0, count: dimension)
            let terms = zip(weights, centres).map { Foundation.log($0) + Self.logNormal($1, zero, variance: v) }
            let m = terms.max() ?? -.infinity
            return m + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - m) })
        }

        /// Exact posterior mean and covariance (row arrays).
        public var posteriorMoments: (mean: [Double], covariance: [[Double]]) {
            let s2 = priorStandardDeviation * priorStandardDeviation
            let v = s2 + componentStandardDeviation * componentStandardDeviation
            let shrink = s2 / v
            let within = s2 * componentStandardDeviation * componentStandardDeviation / v
            let zero = [Double](repeating: 0, count: dimension)
            let logW = zip(weights, centres).map { Foundation.log($0) + Self.logNormal($1, zero, variance: v) }
            let m = logW.max() ?? 0
            let raw = logW.map { Foundation.exp($0 - m) }
            let p = raw.map { $0 / raw.reduce(0, +) }
            let means = centres.map { $0.map { $0 * shrink } }
            let d = dimension
            let mean = (0..<d).map { i in zip(p, means).reduce(0) { $0 + $1.0 * $1.1[i] } }
            let covariance = (0..<d).map { i in (0..<d).map { j in
                zip(p, means).reduce(0) { $0 + $1.0 * ((i == j ? within : 0) + $1.1[i] * $1.1[j]) } - mean[i] * mean[j]
            } }
            return (mean, covariance)
        }
    }
}

extension ReferenceTargets {
    /// Any log-density seen as prior × likelihood for tempered samplers: a broad Gaussian reference
    /// `p = N(0, s²I)` and `log L = log π − log p`, so that `p·L = π` exactly (up to a constant) and the
    /// evidence is that of π relative to p. Valid when p has heavier tails than π (s large enough).
    public struct GaussianReferenceSplit<Base: LogDensity>: PriorLikelihoodDensity {
        public let base: Base
        public let referenceStandardDeviation: Double

        public init(_ base: Base, referenceStandardDeviation: Double = 10) {
            self.base = base
            self.referenceStandardDeviation = referenceStandardDeviation
        }

        public var dimension: Int { base.dimension }

        public func logPrior(_ u: [Double]) -> Double {
            GaussianMixture.logNormal(u, [Double](repeating: 0, count: u.count),
                                      variance: referenceStandardDeviation * referenceStandardDeviation)
        }

        public func logLikelihood(_ u: [Double]) -> Double { base.logDensity(u) - logPrior(u) }

        /// A prior draw (for `Initialization.draw`).
        public func samplePrior<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
            (0..<dimension).map { _ in referenceStandardDeviation * Normal.standardSample(using: &generator) }
        }
    }
}

extension ReferenceTargets.GaussianReferenceSplit: Sendable where Base: Sendable {}

extension ReferenceTargets.GaussianMixture {
    /// A prior draw (for `Initialization.draw`).
    public func samplePrior<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        (0..<dimension).map { _ in priorStandardDeviation * Normal.standardSample(using: &generator) }
    }
}

extension ReferenceTargets {
    /// Any log-density seen as a ``SplitLogDensity`` whose "expensive part" is a copy of the slow
    /// coordinates: ``logDensity(_:given:)`` checks (precondition) that it is called only with the slow
    /// coordinates it was prepared at, so a sampler that reuses a prepared part at the wrong point
    /// crashes the test instead of passing it. For testing ``FastSlowMetropolis`` on known answers.
    public struct SlowCoordinateSplit<Base: LogDensity>: SplitLogDensity {
        public let base: Base
        public let slowCoordinates: [Int]

        public init(_ base: Base, slowCoordinates: [Int]) {
            precondition(slowCoordinates.allSatisfy { $0 >= 0 && $0 < base.dimension }, "slow coordinates out of range")
            self.base = base
            self.slowCoordinates = slowCoordinates
        }

        public var dimension: Int { base.dimension }

        public func prepare(_ x: [Double]) -> [Double] { slowCoordinates.map { x[$0] } }

        public func logDensity(_ x: [Double], given prepared: [Double]) -> Double {
            precondition(slowCoordinates.map { x[$0] } == prepared, "prepared part reused at other slow coordinates")
            return base.logDensity(x)
        }
    }
}

extension ReferenceTargets.SlowCoordinateSplit: Sendable where Base: Sendable {}
