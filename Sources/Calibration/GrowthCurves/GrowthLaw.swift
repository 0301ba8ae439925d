import Foundation
import Inference

/// A phenomenological growth law for a tumour volume or burden time series `V(t)`.
///
/// Time is measured from the series' reference day `t_ref` (its first observation), `τ = t − t_ref`, in days;
/// volumes in units of the series' reference scale (see ``GrowthSeries/scale``), so the priors below are
/// unit-free and the same for every patient.
///
/// | law | `V(τ)` | parameters (natural scale) |
/// | --- | --- | --- |
/// | exponential | `V0·exp(λτ)` | `V0`, `lambda` (1/day) |
/// | logistic | `K / (1 + (K/V0 − 1)·exp(−λτ))` | `V0`, `lambda` (1/day), `K` |
/// | Gompertz | `K·exp(log(V0/K)·exp(−βτ))` | `V0`, `beta` (1/day), `K` |
/// | linear-radial | `V0·(1 + gτ)³`, i.e. `V ∝ (r0·t + R0)³` with `g = r0/R0` | `V0`, `g` (1/day) |
///
/// Priors (stated once, used by ``GrowthCurveModel``): `V0` log-uniform [1e-4, 1e2], `K` log-uniform
/// [1e-2, 1e4] (both in units of the reference scale), rates `lambda`, `beta`, `g` log-uniform [1e-3, 3]
/// per day. For linear-radial growth only the ratio `r0/R0` is identifiable from burden in arbitrary units
/// (the proportionality constant and `R0³` merge into `V0`).
///
/// References: Benzekry et al. (2014), "Classical mathematical models for description and prediction of
/// experimental tumor growth", PLoS Comput Biol 10(8):e1003800; Buchauer et al. (bioRxiv 723601) for the
/// linear-radial law on bioluminescence data.
public enum GrowthLaw: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case exponential
    case logistic
    case gompertz
    case linearRadial = "linear-radial"

    public var description: String { rawValue }

    /// Parameter names in order.
    public var parameterNames: [String] {
        switch self {
        case .exponential: ["V0", "lambda"]
        case .logistic: ["V0", "lambda", "K"]
        case .gompertz: ["V0", "beta", "K"]
        case .linearRadial: ["V0", "g"]
        }
    }

    /// The stated priors, one per parameter (see the type's documentation).
    public var parameters: [Parameter] {
        parameterNames.map { name in
            switch name {
            case "V0": Parameter(name, prior: .logUniform(lower: 1e-4, upper: 1e2))
            case "K": Parameter(name, prior: .logUniform(lower: 1e-2, upper: 1e4))
            default: Parameter(name, prior: .logUniform(lower: 1e-3, upper: 3))
            }
        }
    }

    /// The name of the rate parameter (1/day): `lambda`, `beta` or `g`.
    public var rateName: String { parameterNames[1] }

    /// `V(τ)` at elapsed time `τ` (days since the reference day) for parameters `p` (natural scale).
    @inlinable
    public func value(elapsed tau: Double, parameters p: [Double]) -> Double {
        switch self {
        case .exponential:
            return p[0] * Foundation.exp(p[1] * tau)
        case .logistic:
            let v0 = p[0], lambda = p[1], k = p[2]
            return k / (1 + (k / v0 - 1) * Foundation.exp(-lambda * tau))
        case .gompertz:
            let v0 = p[0], beta = p[1], k = p[2]
            return k * Foundation.exp(Foundation.log(v0 / k) * Foundation.exp(-beta * tau))
        case .linearRadial:
            let s = 1 + p[1] * tau
            return p[0] * s * s * s
        }
    }
}
