import Foundation

// Special functions used by the distributions. `erf`, `erfc` and `lgamma` come from Foundation (the C
// library); this file adds the normal CDF and quantile, the log upper tail, logGamma and logSumExp.

/// √(2π).
let squareRootOfTwoPi = 2.506_628_274_631_000_502_4
/// log √(2π) = ½ log(2π).
let logSquareRootOfTwoPi = 0.918_938_533_204_672_741_78

/// The standard normal CDF Φ(x) = ½ erfc(−x/√2).
///
/// Accurate to a few ulps in relative terms on the whole line (the `erfc` form keeps the lower tail
/// precise down to Φ(−38) ≈ 3e−316, below which it underflows to 0). Φ(±∞) = 0/1; Φ(NaN) = NaN.
public func standardNormalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x / 2.0.squareRoot())
}

/// log Q(x) = log(1 − Φ(x)), the log of the standard normal upper tail, accurate for every finite x.
///
/// For x < 20 this is `log(½ erfc(x/√2))`; beyond, where erfc would lose range, it uses the continued
/// fraction of Mills' ratio, Q(x)/φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))) (Abramowitz & Stegun 26.2.14),
/// so log Q(x) ≈ −x²/2 stays finite even for x = 1e5. Returns 0 for −∞, −∞ for +∞, NaN for NaN.
public func logStandardNormalUpperTail(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 20 { return log(0.5 * erfc(x / 2.0.squareRoot())) }
    if x == .infinity { return -.infinity }
    return -0.5 * x * x - logSquareRootOfTwoPi + log(millsRatio(x))
}

/// Mills' ratio Q(x)/φ(x) for x ≥ 20 by its continued fraction evaluated backward (60 terms are far more
/// than double precision needs at x ≥ 20).
private func millsRatio(_ x: Double) -> Double {
    var tail = x
    for k in stride(from: 60, through: 1, by: -1) { tail = x + Double(k) / tail }
    return 1 / tail
}

/// The standard normal quantile Φ⁻¹(p), Wichura's algorithm AS 241 (PPND16), Applied Statistics 37(3):
/// 477–484, 1988: rational approximations with relative accuracy about 1e−16.
///
/// Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞; p outside [0, 1] or NaN gives NaN.
public func standardNormalQuantile(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
        let r = 0.180625 - q * q
        let num = (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
            + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
            + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
            + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
        let den = (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
            + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
            + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
            + 4.2313330701600911252e1) * r + 1.0)
        return q * num / den
    }
    var r = (q < 0 ? p : 1 - p)
    r = (-log(r)).squareRoot()
    var value: Double
    if r <= 5 {
        r -= 1.6
        let num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
            + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
            + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
            + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
        let den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
            + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
            + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
            + 2.05319162663775882187e0) * r + 1.0)
        value = num / den
    } else {
        r -= 5
        let num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
            + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
            + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
            + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
        let den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
            + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
            + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
            + 5.99832206555887937690e-1) * r + 1.0)
        value = num / den
    }
    return q < 0 ? -value : value
}

/// The x with log Q(x) = `logUpperTail` (inverse of ``logStandardNormalUpperTail(_:)``), usable where
/// Q(x) itself underflows (log Q < −700, i.e. x > 37).
///
/// Starts from AS 241 (or the asymptote x ≈ √(−2 log Q − log(−4π log Q)) in the far tail) and polishes
/// with Newton steps on log Q, whose derivative is −1/Mills(x).
public func standardNormalQuantile(logUpperTail: Double) -> Double {
    if logUpperTail.isNaN || logUpperTail > 0 { return .nan }
    if logUpperTail == 0 { return -.infinity }
    if logUpperTail == -.infinity { return .infinity }
    if logUpperTail > -700 { return -standardNormalQuantile(exp(logUpperTail)) }
    let t = -2 * logUpperTail
    var x = (t - log(2 * Double.pi * t)).squareRoot()
    for _ in 0..<8 {
        let step = (logStandardNormalUpperTail(x) - logUpperTail) * millsRatio(x)
        x += step
        if abs(step) <= 1e-16 * x { break }
    }
    return x
}

/// log Γ(x) for x > 0 (C library `lgamma`). Returns +∞ at non-positive integers.
public func logGamma(_ x: Double) -> Double { lgamma(x) }

/// log Σ exp(vᵢ) without overflow: m + log Σ exp(vᵢ − m) with m = max vᵢ.
///
/// Empty input or all −∞ gives −∞; any +∞ gives +∞; any NaN gives NaN.
public func logSumExp<C: Collection>(_ values: C) -> Double where C.Element == Double {
    var m = -Double.infinity
    for v in values {
        if v.isNaN { return .nan }
        if v > m { m = v }
    }
    if m == -.infinity || m == .infinity { return m }
    var sum = 0.0
    for v in values { sum += exp(v - m) }
    return m + log(sum)
}

/// log(exp(a) + exp(b)) without overflow.
public func logSumExp(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    let m = max(a, b)
    if m == -.infinity || m == .infinity { return m }
    return m + log1p(exp(min(a, b) - m))
}
