import Foundation
import Inference

/// How a measurement `y` scatters around the model value `V > 0`.
///
/// - ``logNormal(_:)``: multiplicative error, `log y ~ N(log V, σ²)`, density
///   `p(y) = exp(−(log y − log V)²/(2σ²)) / (y σ √(2π))`.
/// - ``relativeGaussian(_:)``: `y ~ N(V, (s·V)²)`, density `exp(−(y − V)²/(2s²V²)) / (s V √(2π))`
///   (Buchauer et al. use s = 0.33 for bioluminescence).
///
/// Both are densities of `y` itself (the log-normal includes its `−log y`), so evidences of the two error
/// models are comparable on the same data.
public enum GrowthErrorModel: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Log-normal error with scale σ (of log y).
    case logNormal(NoiseScale)
    /// Gaussian error with standard deviation `s·V`.
    case relativeGaussian(NoiseScale)

    /// A fixed noise scale or one sampled with its prior.
    public enum NoiseScale: Sendable, Equatable, Codable {
        case fixed(Double)
        case sampled(Prior)
    }

    /// The authors' bioluminescence error: relative Gaussian with s = 0.33, fixed.
    public static let bioluminescence = GrowthErrorModel.relativeGaussian(.fixed(0.33))
    /// Log-normal error with σ sampled from log-uniform [0.01, 3].
    public static let logNormalSampled = GrowthErrorModel.logNormal(.sampled(.logUniform(lower: 0.01, upper: 3)))

    /// Short name: `lognormal` or `relative-gaussian`.
    public var kind: String {
        switch self {
        case .logNormal: "lognormal"
        case .relativeGaussian: "relative-gaussian"
        }
    }

    var scale: NoiseScale {
        switch self {
        case .logNormal(let s), .relativeGaussian(let s): s
        }
    }

    /// Name of the sampled noise parameter (`sigma` or `s`), or nil if the scale is fixed.
    public var noiseParameter: Parameter? {
        guard case .sampled(let prior) = scale else { return nil }
        switch self {
        case .logNormal: return Parameter("sigma", prior: prior)
        case .relativeGaussian: return Parameter("s", prior: prior)
        }
    }

    public var description: String {
        switch scale {
        case .fixed(let v): "\(kind)(\(kind == "lognormal" ? "sigma" : "s")=\(v))"
        case .sampled(let p): "\(kind)(\(kind == "lognormal" ? "sigma" : "s") ~ \(p))"
        }
    }

    /// Log-density of one observation `y > 0` given the model value `v` and noise scale `scale`.
    /// Returns `-infinity` for `v ≤ 0` or non-finite `v` (the model cannot produce that observation).
    @inlinable
    public static func logDensity(kindIsLogNormal: Bool, observed y: Double, logObserved: Double,
                                  model v: Double, noise: Double) -> Double {
        guard v > 0, v.isFinite else { return -.infinity }
        let halfLogTwoPi = 0.918_938_533_204_672_8
        if kindIsLogNormal {
            let r = (logObserved - Foundation.log(v)) / noise
            return -0.5 * r * r - Foundation.log(noise) - logObserved - halfLogTwoPi
        } else {
            let sd = noise * v
            let r = (y - v) / sd
            return -0.5 * r * r - Foundation.log(sd) - halfLogTwoPi
        }
    }
}
