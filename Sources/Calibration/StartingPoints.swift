import Foundation
import Inference
import Probability

/// Data-informed starting points for the chains.
///
/// Prior draws are poor starts here: most of the prior box makes tumours that fill the brain (slow solves,
/// hopeless likelihood) or vanish. Instead each chain draws `candidates` points from the prior *conditioned
/// on a plausible size*: D_w and ρ from their priors, the seed near the reference centroid (± ¼ radius),
/// and T = r_FL / (2√(D_w ρ)) × U(0.6, 1.4) (the visible radius over the front speed), clipped into the
/// T prior; every other parameter from its prior. The candidate with the highest log-density starts the
/// chain's candidate set. Then the best candidate over all chains is moved uphill by a Nelder–Mead search
/// (`optimizerEvaluations` log-density calls; 0 skips it), and each chain starts at that point plus a
/// Gaussian jitter of sd `jitter` on the unconstrained scale, unless its own best candidate is better.
/// Chain c draws its candidates from stream c of a generator seeded with `seed ^ 0x9E3779B97F4A7C15` (jitter: `seed ^ 0xD1B54A32D192ED03`), so starts depend only on the seed.
/// Only the starting points change: the target and the sampler are untouched.
public enum StartingPoints {
    public static func search<L: LogDensity>(model: ResolvedModel, chains: Int, candidates: Int, seed: UInt64, threads: Int,
                                             optimizerEvaluations: Int = 0, jitter: Double = 0.05,
                                             makeDensity: @escaping @Sendable () -> L) -> [[Double]] {
        let space = model.space
        let free = model.freeParameters
        let box: (lower: Double, upper: Double) = model.entry(.tumourAge).prior?.supportBounds ?? (lower: 30, upper: 1800)
        let radius = model.flairRadiusMillimeters.isFinite ? model.flairRadiusMillimeters : 10
        let reference = model.referenceRadiusMillimeters.isFinite ? model.referenceRadiusMillimeters : 5
        let centroid = model.referenceCentroidWorldMillimeters
        let results = Results(chains)
        let workers = max(1, min(threads, chains))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let density = makeDensity()
            for c in stride(from: w, to: chains, by: workers) {
                var generator = Xoshiro256StarStar(seed: seed ^ 0x9E37_79B9_7F4A_7C15, stream: c)
                var best: [Double] = space.samplePriorUnconstrained(using: &generator)
                var bestValue = -Double.infinity
                for _ in 0..<candidates {
                    var natural = space.samplePrior(using: &generator)
                    let full = model.fullVector(free: natural)
                    let speed = 2 * (full[0] * full[1]).squareRoot()
                    for (k, p) in free.enumerated() {
                        switch p {
                        case .tumourAge:
                            let factor: Double = Double.random(in: 0.6...1.4, using: &generator)
                            let t: Double = radius / speed * factor
                            let inset: Double = 1e-6 * (box.upper - box.lower)
                            natural[k] = min(max(t, box.lower + inset), box.upper - inset)
                        case .seedX, .seedY, .seedZ:
                            let axis = p == .seedX ? 0 : p == .seedY ? 1 : 2
                            if centroid[axis].isFinite {
                                let offset: Double = Double.random(in: -1...1, using: &generator)
                                natural[k] = centroid[axis] + 0.25 * reference * offset
                            }
                        default: break
                        }
                    }
                    let u = space.unconstrain(natural)
                    guard u.allSatisfy({ $0.isFinite }) else { continue }
                    let value = density.logDensity(u)
                    if value > bestValue { bestValue = value; best = u }
                }
                results.points[c] = best
                results.values[c] = bestValue
            }
        }
        guard optimizerEvaluations > 0, let top = results.values.indices.max(by: { results.values[$0] < results.values[$1] }),
              results.values[top].isFinite else { return results.points }
        let density = makeDensity()
        let mode = NelderMead.maximize({ density.logDensity($0) }, start: results.points[top], step: 0.1, maximumEvaluations: optimizerEvaluations)
        return (0..<chains).map { c in
            var generator = Xoshiro256StarStar(seed: seed ^ 0xD1B5_4A32_D192_ED03, stream: c)
            let start = mode.point.map { $0 + jitter * Normal.standardSample(using: &generator) }
            return density.logDensity(start) >= results.values[c] ? start : results.points[c]
        }
    }
}

/// One slot per chain, each written by exactly one worker.
private final class Results: @unchecked Sendable {
    var points: [[Double]]
    var values: [Double]
    init(_ n: Int) { points = Array(repeating: [], count: n); values = Array(repeating: -.infinity, count: n) }
}
