import Foundation
import Inference

/// The patient posterior in the fast–slow sampler's coordinates (``InvasionCoordinates``), split for
/// ``Inference/FastSlowMetropolis``: the expensive part is the time-rescaled run for `(κ, seed)`
/// (``PatientLikelihood/trajectory(full:maximumRescaledTime:)``, run to the likelihood's `s_cap` or its
/// truncation rule, so that every `(ρ, T)` the likelihood can read is covered); the cheap part reads
/// it at `s = ρ(T + day)` and adds the imaging terms and the prior.
///
/// `log π(w) = log p(x(w)) + log|dx/dw| + log L(x(w))` (see ``InvasionCoordinates``). Equal to the
/// standard ``Inference/Posterior`` of the same likelihood after the change of coordinates: the values the
/// run gives at `s` do not depend on how far it went (``TumorModel/RescaledTrajectory``).
///
/// Keeps the last few runs (keyed by the exact slow coordinates) so that a chain that stays put does not
/// solve again; the values do not depend on whether a run came from there. One instance per thread.
public final class GrowthPosterior: SplitLogDensity {
    public let coordinates: InvasionCoordinates
    public let likelihood: PatientLikelihood
    public let slowCoordinates: [Int]
    private let capacity: Int
    private var recent: [(key: [Double], run: PatientLikelihood.Trajectory)] = []

    /// - Parameter keep: runs kept per instance (a worker serves several chains: keep ≥ chains per worker + 1).
    public init(likelihood: PatientLikelihood, keep: Int = 4) {
        precondition(keep >= 1, "keep at least one run")
        coordinates = InvasionCoordinates(model: likelihood.model)
        self.likelihood = likelihood
        slowCoordinates = coordinates.slowCoordinates
        capacity = keep
    }

    public var dimension: Int { likelihood.dimension }

    public func prepare(_ w: [Double]) -> PatientLikelihood.Trajectory {
        let key = slowCoordinates.map { w[$0] }
        if let k = recent.firstIndex(where: { $0.key == key }) {
            let hit = recent.remove(at: k)
            recent.append(hit)
            return hit.run
        }
        let run: PatientLikelihood.Trajectory
        // Where no value of the fast coordinates gives a positive prior there is nothing to solve for
        // (and κ could be absurd there); this depends on the slow coordinates only.
        if coordinates.isAdmissibleSlowPart(w) {
            // κ and the seed from the slow coordinates alone, so the run is a function of them bit for bit
            // (the fast coordinates are set to 0: they do not enter κ = e^w or the seed transforms).
            var u = w
            for i in u.indices where !slowCoordinates.contains(i) { u[i] = 0 }
            let p = likelihood.model.fullVector(free: coordinates.natural(u))
            let kappa = coordinates.invasionLengthSquared(w) ?? p[0] / p[1]
            run = likelihood.trajectory(invasionLengthSquared: kappa, seed: SIMD3(p[3], p[4], p[5]),
                                        maximumRescaledTime: likelihood.maximumRescaledTime)
        } else {
            run = .invalid
        }
        if recent.count >= capacity { recent.removeFirst() }
        recent.append((key, run))
        return run
    }

    public func logDensity(_ w: [Double], given run: PatientLikelihood.Trajectory) -> Double {
        guard w.allSatisfy({ $0.isFinite }) else { return -.infinity }
        let x = coordinates.natural(w)   // once per cheap move: the prior and the likelihood share it
        let prior = coordinates.logPrior(w, natural: x)
        guard prior > -.infinity else { return prior }
        let value = prior + likelihood.logLikelihood(full: likelihood.model.fullVector(free: x), given: run)
        return value.isNaN ? -.infinity : value
    }
}
