import Foundation

/// A bijection between a constrained parameter `x` and the unconstrained coordinate `u ∈ ℝ` a sampler sees.
///
/// | transform | x(u) | log |dx/du| |
/// | --- | --- | --- |
/// | identity | u | 0 |
/// | log (lower a) | a + eᵘ | u |
/// | upper-log (upper b) | b − eᵘ | u |
/// | logit (a, b) | a + (b − a)·σ(u), σ(u) = 1/(1+e⁻ᵘ) | log(b − a) + log σ(u) + log σ(−u) |
///
/// The log-Jacobian is added to the log-density so that sampling `u` gives the right law for `x`
/// (Stan Reference Manual, "Constraint transforms"). Numerics: `log σ(u)` is evaluated as
/// `−log1p(e⁻ᵘ)` (or `u − log1p(eᵘ)` for u < 0), so it stays finite for |u| up to ~700; `x(u)` is clamped
/// into [a, b] against round-off at large |u|.
public enum ParameterTransform: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `x = u` (unbounded parameters).
    case identity
    /// `x = lower + exp(u)` (parameters bounded below).
    case log(lower: Double)
    /// `x = upper − exp(u)` (parameters bounded above only).
    case upperLog(upper: Double)
    /// `x = lower + (upper − lower)·logistic(u)` (parameters in an interval).
    case logit(lower: Double, upper: Double)

    /// Constrained value `x(u)`.
    public func constrain(_ u: Double) -> Double {
        switch self {
        case .identity: return u
        case .log(let a): return a + Foundation.exp(u)
        case .upperLog(let b): return b - Foundation.exp(u)
        case .logit(let a, let b):
            let s = u >= 0 ? 1 / (1 + Foundation.exp(-u)) : Foundation.exp(u) / (1 + Foundation.exp(u))
            return min(max(a + (b - a) * s, a), b)
        }
    }

    /// Unconstrained value `u(x)`; ±infinity at the bounds, NaN outside them.
    public func unconstrain(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .log(let a): return x < a ? .nan : Foundation.log(x - a)
        case .upperLog(let b): return x > b ? .nan : Foundation.log(b - x)
        case .logit(let a, let b):
            if x < a || x > b { return .nan }
            let p = (x - a) / (b - a)
            return Foundation.log(p) - Foundation.log1p(-p)
        }
    }

    /// `log |dx/du|` at `u`.
    public func logAbsJacobian(_ u: Double) -> Double {
        switch self {
        case .identity: return 0
        case .log, .upperLog: return u
        case .logit(let a, let b):
            return Foundation.log(b - a) + Self.logLogistic(u) + Self.logLogistic(-u)
        }
    }

    /// `log σ(u)`, stable for large |u|.
    static func logLogistic(_ u: Double) -> Double {
        u >= 0 ? -Foundation.log1p(Foundation.exp(-u)) : u - Foundation.log1p(Foundation.exp(u))
    }

    /// Short text for output headers, e.g. `logit(0.6,0.8)`.
    public var description: String {
        switch self {
        case .identity: "identity"
        case .log(let a): "log(lower=\(a))"
        case .upperLog(let b): "log(upper=\(b))"
        case .logit(let a, let b): "logit(\(a),\(b))"
        }
    }
}
