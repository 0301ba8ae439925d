import Foundation
import Inference

/// The sampler's coordinates for the fast–slow sampler: the standard unconstrained coordinates of the
/// free parameters (``ResolvedModel/space``), except that when both D_w and ρ are free
/// - the D_w slot holds `w_D = log κ = log(D_w/ρ)` (unbounded; κ in mm²), and
/// - if T is free too, the T slot holds `w_T = log s₀ = log(ρT)` (the rescaled age at the first scan).
///
/// Why: the forward run depends on `(D_w, ρ, T)` only through `κ` and `s = ρ(T + day)` (DESIGN.md §1), so
/// with κ and the seed as coordinates the expensive part is a function of a *subset* of the coordinates
/// (``slowCoordinates``) and moves of ρ, T and the imaging parameters reuse it. With one scan the data
/// identify `κ` and `s₀` but not ρ: the posterior runs along the curve `ρT = s₀` across the prior box,
/// which in `(log κ, ρ, log s₀)` is a straight line along the ρ axis instead of a thin curved ridge in
/// `(D_w, ρ, T)`. The support is no longer a box (T = s₀/ρ must stay in T's prior box), which the
/// prior expresses as −∞ outside.
///
/// Density: `ρ = ρ(w_ρ)`, `D_w = e^{w_D}·ρ`, `T = e^{w_T}/ρ`; ordered (ρ, D_w, T) the Jacobian is lower
/// triangular, so `log|dx/dw| = Σ_{i∉{D,T}} log|dx_i/dw_i| + log D_w + log T` with the standard
/// transforms for the other coordinates. ``standard(_:)`` maps a point back to the standard
/// coordinates, with the change of `log π` between the two (so `lp__` in the outputs is the
/// standard-coordinate log-density).
public struct InvasionCoordinates: Sendable {
    /// The standard space of the free parameters.
    public let space: ParameterSpace
    /// Position of D_w (holding log κ) and of ρ among the free coordinates, when both are free.
    public let invasionIndex: Int?
    public let rateIndex: Int?
    /// Position of T (holding log s₀) among the free coordinates, when D_w, ρ and T are all free.
    public let ageIndex: Int?
    /// Coordinates the forward run depends on: log κ (or D_w, or ρ, when the other is fixed) and the free
    /// seed coordinates.
    public let slowCoordinates: [Int]
    /// The `log κ` values the prior allows for some ρ: `[log(D_min/ρ_max), log(D_max/ρ_min)]` from the
    /// supports of the two priors (nil when not both are free).
    public let logInvasionRange: ClosedRange<Double>?

    public init(model: ResolvedModel) {
        space = model.space
        let free = model.freeParameters
        let d = free.firstIndex(of: .whiteMatterDiffusivity), r = free.firstIndex(of: .proliferationRate)
        if let d, let r { (invasionIndex, rateIndex) = (d, r) } else { (invasionIndex, rateIndex) = (nil, nil) }
        ageIndex = d != nil && r != nil ? free.firstIndex(of: .tumourAge) : nil
        let seeds = free.indices.filter { [.seedX, .seedY, .seedZ].contains(free[$0]) }
        // κ = D_w/ρ: with both free it is the log κ slot; with one fixed, the other one carries κ.
        let kappa: [Int] = (d != nil && r != nil) ? [d!] : [d, r].compactMap { $0 }
        slowCoordinates = (kappa + seeds).sorted()
        if let dPrior = model.entry(.whiteMatterDiffusivity).prior, let rPrior = model.entry(.proliferationRate).prior, d != nil, r != nil {
            let (d0, d1) = dPrior.supportBounds, (r0, r1) = rPrior.supportBounds
            let lower = d0 > 0 && r1.isFinite ? Foundation.log(d0 / r1) : -Double.infinity
            let upper = r0 > 0 && d1.isFinite ? Foundation.log(d1 / r0) : Double.infinity
            logInvasionRange = lower <= upper ? lower...upper : nil
        } else {
            logInvasionRange = nil
        }
    }

    /// Whether the slow coordinates of `w` are finite and admit a positive prior density for some value of
    /// the other coordinates (a function of the slow coordinates alone).
    public func isAdmissibleSlowPart(_ w: [Double]) -> Bool {
        guard slowCoordinates.allSatisfy({ w[$0].isFinite }) else { return false }
        guard let d = invasionIndex, let range = logInvasionRange else { return true }
        return range.contains(w[d])
    }

    /// `κ = D_w/ρ` (mm²) at `w`, computed from the slow coordinates alone (bit-for-bit the same for any
    /// value of the fast ones), or nil when D_w and ρ are not both free.
    public func invasionLengthSquared(_ w: [Double]) -> Double? {
        invasionIndex.map { Foundation.exp(w[$0]) }
    }

    /// Natural-scale free values at sampler coordinates `w`.
    public func natural(_ w: [Double]) -> [Double] {
        guard let d = invasionIndex, let r = rateIndex else { return space.constrain(w) }
        var u = w
        u[d] = 0   // placeholders: the D_w and T slots are not standard coordinates
        if let t = ageIndex { u[t] = 0 }
        var x = space.constrain(u)
        x[d] = Foundation.exp(w[d]) * x[r]
        if let t = ageIndex { x[t] = Foundation.exp(w[t]) / x[r] }
        return x
    }

    /// `log |dx/dw|` at `w`.
    public func logAbsJacobian(_ w: [Double]) -> Double {
        guard let d = invasionIndex, let r = rateIndex else { return space.logAbsJacobian(w) }
        let transforms = space.coordinateTransforms
        var sum = 0.0
        for i in w.indices where i != d && i != ageIndex { sum += transforms[i].logAbsJacobian(w[i]) }
        let logRate = Foundation.log(transforms[r].constrain(w[r]))
        sum += w[d] + logRate   // log D_w = log κ + log ρ
        if let t = ageIndex { sum += w[t] - logRate }   // log T = log s₀ − log ρ
        return sum
    }

    /// Sampler coordinates of natural-scale free values (NaN where a value is outside its support).
    public func coordinates(natural x: [Double]) -> [Double] {
        var w = space.unconstrain(x)
        if let d = invasionIndex, let r = rateIndex { w[d] = Foundation.log(x[d] / x[r]) }
        if let t = ageIndex, let r = rateIndex { w[t] = Foundation.log(x[r] * x[t]) }
        return w
    }

    /// Sampler coordinates of a point given in standard coordinates.
    public func coordinates(standard u: [Double]) -> [Double] {
        invasionIndex == nil ? u : coordinates(natural: space.constrain(u))
    }

    /// The standard coordinates of `w` and `log π_standard − log π_w` there.
    public func standard(_ w: [Double]) -> (coordinates: [Double], logDensityShift: Double) {
        guard invasionIndex != nil else { return (w, 0) }
        let u = space.unconstrain(natural(w))
        return (u, space.logAbsJacobian(u) - logAbsJacobian(w))
    }

    /// `log p(x(w)) + log |dx/dw|`: the prior on the sampler's scale.
    public func logPrior(_ w: [Double]) -> Double { logPrior(w, natural: natural(w)) }

    /// ``logPrior(_:)`` when the natural values `x = natural(w)` are already at hand (saves a transform).
    public func logPrior(_ w: [Double], natural x: [Double]) -> Double {
        let p = space.logPrior(x)
        return p == -.infinity ? p : p + logAbsJacobian(w)
    }

    /// A result sampled in these coordinates, rewritten in the standard ones (positions and `lp__`), so
    /// the CmdStan CSV, summaries and predictions read it like any other run.
    public func standardResult(_ result: SamplingResult) -> SamplingResult {
        guard invasionIndex != nil else { return result }
        let chains = result.chains.map { chain -> ChainDraws in
            var out = ChainDraws(dimension: chain.dimension)
            for i in 0..<chain.count {
                let (u, shift) = standard(chain.draw(i))
                out.append(ChainPoint(position: u, logDensity: chain.logDensities[i] + shift, acceptStat: chain.acceptStats[i]))
            }
            return out
        }
        return SamplingResult(samplerName: result.samplerName, settings: result.settings, options: result.options, chains: chains,
                              counters: result.counters, iterations: result.iterations, stopReason: result.stopReason,
                              warmupSeconds: result.warmupSeconds, samplingSeconds: result.samplingSeconds,
                              logEvidence: result.logEvidence, logEvidenceStandardError: result.logEvidenceStandardError)
    }
}
