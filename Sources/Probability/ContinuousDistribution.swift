/// A univariate continuous probability distribution: log-density, sampler and support.
///
/// Log-densities are normalised (they integrate to one over `support`) and return −∞ outside the
/// support. Samplers take the generator explicitly (no global generator) and consume a
/// distribution-specific number of 64-bit words.
public protocol ContinuousDistribution: Sendable {
    /// log p(x), normalised; −∞ outside the support.
    func logDensity(_ x: Double) -> Double
    /// One independent draw.
    func sample<G: RandomNumberGenerator>(using g: inout G) -> Double
    /// The closed support (bounds may be infinite).
    var support: ClosedRange<Double> { get }
}

/// A distribution with a closed-form (or accurately computable) CDF and its inverse.
public protocol InvertibleDistribution: ContinuousDistribution {
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// The x with P(X ≤ x) = p, for p in [0, 1]; NaN outside.
    func quantile(_ p: Double) -> Double
}

/// A uniform double in the open interval (0, 1) from 53 random bits: k·2⁻⁵³ with k uniform on
/// 1…2⁵³−1 (k = 0 is redrawn, which happens with probability 2⁻⁵³). Never returns 0 or 1, so
/// `log(u)` and `Φ⁻¹(u)` are always finite.
@inlinable
public func uniformOpenUnit<G: RandomNumberGenerator>(using g: inout G) -> Double {
    while true {
        let k = g.next() >> 11
        if k != 0 { return Double(k) * 0x1p-53 }
    }
}
