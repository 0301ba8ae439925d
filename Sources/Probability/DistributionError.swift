/// Invalid distribution parameters that came from the user (a prior in a configuration file).
///
/// Built-in code constructs distributions with the plain initialisers, which `precondition` on the same
/// conditions; user-supplied parameters go through the `validate(...)` / `validated(...)` functions first.
public enum DistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is NaN or infinite where a finite value is needed.
    case nonFiniteParameter(distribution: String, parameter: String, value: Double)
    /// A parameter that must be positive (standard deviation, log-uniform bound) is not.
    case nonPositiveParameter(distribution: String, parameter: String, value: Double)
    /// The lower bound is not strictly below the upper bound.
    case boundsNotOrdered(distribution: String, lower: Double, upper: Double)

    public var description: String {
        switch self {
        case let .nonFiniteParameter(d, p, v): "\(d): \(p) must be finite, got \(format(v))"
        case let .nonPositiveParameter(d, p, v): "\(d): \(p) must be positive, got \(format(v))"
        case let .boundsNotOrdered(d, l, u): "\(d): lower bound \(format(l)) is not below upper bound \(format(u))"
        }
    }
}

/// "2" rather than "2.0" for integral values, full precision otherwise.
private func format(_ v: Double) -> String {
    if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

extension DistributionError {
    static func requireFinite(_ d: String, _ p: String, _ v: Double) throws(DistributionError) {
        if !v.isFinite { throw .nonFiniteParameter(distribution: d, parameter: p, value: v) }
    }
    static func requirePositive(_ d: String, _ p: String, _ v: Double) throws(DistributionError) {
        try requireFinite(d, p, v)
        if !(v > 0) { throw .nonPositiveParameter(distribution: d, parameter: p, value: v) }
    }
    static func requireOrdered(_ d: String, _ l: Double, _ u: Double) throws(DistributionError) {
        if !(l < u) { throw .boundsNotOrdered(distribution: d, lower: l, upper: u) }
    }
}

/// Turns a validation failure into a precondition message (the plain initialisers' path).
@inline(__always)
func requireValid(_ check: () throws(DistributionError) -> Void) {
    do throws(DistributionError) { try check() } catch { preconditionFailure(error.description) }
}
