import Foundation
import Inference

/// The sampler's coordinates for the fast–slow sampler: the standard unconstrained coordinates of the
/// free parameters (``ResolvedModel/space``), except that when both D_w and ρ are free the D_w slot holds
/// `w = log κ = log(D_w/ρ)` (unbounded; κ in mm²).
///
/// Why: the forward run depends on `(D_w, ρ, T)` only through `κ` and `s = ρ(T + day)` (DESIGN.md §1), so
/// with κ and the seed as coordinates the expensive part is a function of a *subset* of the coordinates
/// (``slowCoordinates``) and moves of ρ, T and the imaging parameters reuse it. With one scan the data
/// do not identify ρ at fixed κ and s at all (the posterior runs along a ridge set by the prior box);
/// in these coordinates that ridge is a fast direction.
///
/// Density: `D_w = e^w·ρ` has `∂D_w/∂w = D_w` (the map is triangular), so
/// `log π(w) = log p(x) + Σ_{i≠D} log|dx_i/dw_i| + log D_w + log L(x)` with the standard transforms for the
/// other coordinates. ``standard(_:)`` maps a point back to the standard coordinates, with the change of
/// `log π` between the two (so `lp__` in the outputs is the standard-coordinate log-density).
public struct InvasionCoordinates: Sendable {
    /// The standard space of the free parameters.
    public let space: ParameterSpace
    /// Position of D_w (holding log κ) and of ρ among the free coordinates, when both are free.
    public let invasionIndex: Int?
    public let rateIndex: Int?
    /// Coordinates the forward run depends on: log κ (or D_w, or ρ, when the other is fixed) and the free
    /// seed coordinates.
    public let slowCoordinates: [Int]

    public init(model: ResolvedModel) {
        space = model.space
        let free = model.freeParameters
        let d = free.firstIndex(of: .whiteMatterDiffusivity), r = free.firstIndex(of: .proliferationRate)
        if let d, let r { (invasionIndex, rateIndex) = (d, r) } else { (invasionIndex, rateIndex) = (nil, nil) }
        let seeds = free.indices.filter { [.seedX, .seedY, .seedZ].contains(free[$0]) }
        // κ = D_w/ρ: with both free it is the log κ slot; with one fixed, the other one carries κ.
        let kappa: [Int] = (d != nil && r != nil) ? [d!] : [d, r].compactMap { $0 }
        slowCoordinates = (kappa + seeds).sorted()
    }

    /// Natural-scale free values at sampler coordinates `w`.
    public func natural(_ w: [Double]) -> [Double] {
        guard let d = invasionIndex, let r = rateIndex else { return space.constrain(w) }
        var u = w
        u[d] = 0   // placeholder: the D_w slot is not a standard coordinate
        var x = space.constrain(u)
        x[d] = Foundation.exp(w[d]) * x[r]
        return x
    }

    /// `log |dx/dw|` at `w`.
    public func logAbsJacobian(_ w: [Double]) -> Double {
        guard let d = invasionIndex, let r = rateIndex else { return space.logAbsJacobian(w) }
        let transforms = space.coordinateTransforms
        var sum = 0.0
        for i in w.indices where i != d { sum += transforms[i].logAbsJacobian(w[i]) }
        return sum + w[d] + Foundation.log(transforms[r].constrain(w[r]))   // log D_w = log κ + log ρ
    }

    /// Sampler coordinates of natural-scale free values (NaN where a value is outside its support).
    public func coordinates(natural x: [Double]) -> [Double] {
        var w = space.unconstrain(x)
        if let d = invasionIndex, let r = rateIndex { w[d] = Foundation.log(x[d] / x[r]) }
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
    public func logPrior(_ w: [Double]) -> Double {
        let x = natural(w)
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
