import Foundation
import Probability

/// A proposal for one walker of an ensemble, built from the positions of the *other* half of the
/// ensemble (the complement), so that each half can be updated in parallel and the joint chain still
/// leaves the product target invariant.
public enum EnsembleMove: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The affine-invariant stretch move (Goodman & Weare 2010, "Ensemble samplers with affine
    /// invariance", Comm. App. Math. Comp. Sci. 5(1):65–80; emcee's `StretchMove`):
    /// `y = c + z·(x − c)` with a random complement walker c and `z` drawn with density ∝ 1/√z on
    /// [1/a, a]; accept with `min(1, z^(d−1)·π(y)/π(x))`. `a = 2` is the usual choice.
    case stretch(a: Double)
    /// Differential evolution (ter Braak 2006, "A Markov chain Monte Carlo version of the genetic
    /// algorithm Differential Evolution", Stat. Comput. 16:239–249; ter Braak & Vrugt 2008, Stat.
    /// Comput. 18:435–446): `y = x + γ·(c₁ − c₂) + ε`, two distinct complement walkers, `ε ~ N(0, σ²I)`,
    /// `γ = 2.38/√(2d)` except with probability `modeJumpProbability` where `γ = 1` (jumps between modes).
    /// Symmetric, so accept with `min(1, π(y)/π(x))`.
    case differentialEvolution(sigma: Double, modeJumpProbability: Double)

    /// The stretch move with a = 2.
    public static var stretch: EnsembleMove { .stretch(a: 2) }
    /// Differential evolution with ter Braak's defaults (σ = 1e-5·… small jitter, mode jumps 10%).
    public static var differentialEvolution: EnsembleMove {
        .differentialEvolution(sigma: 1e-5, modeJumpProbability: 0.1)
    }

    public var description: String {
        switch self {
        case .stretch(let a): "stretch(a=\(a))"
        case .differentialEvolution(let sigma, let p): "de(sigma=\(sigma),mode_jump=\(p))"
        }
    }

    /// Proposes a point for walker `x` from the complement positions (flat, `count × d`).
    /// Returns the proposal and the log of the proposal's volume factor (`(d−1)·log z` for stretch, 0 for DE).
    func propose<G: RandomNumberGenerator>(from x: [Double], complement: [Double], complementCount: Int,
                                           using generator: inout G) -> (point: [Double], logFactor: Double) {
        let d = x.count
        switch self {
        case .stretch(let a):
            // Inverse-CDF draw of g(z) ∝ 1/√z on [1/a, a].
            let u = uniformOpenUnit(using: &generator)
            let root = (a - 1) * u + 1
            let z = root * root / a
            let j = Self.index(below: complementCount, using: &generator)
            var y = x
            for i in 0..<d {
                let c = complement[j * d + i]
                y[i] = c + z * (x[i] - c)
            }
            return (y, Double(d - 1) * Foundation.log(z))
        case .differentialEvolution(let sigma, let jumpProbability):
            let first = Self.index(below: complementCount, using: &generator)
            var second = Self.index(below: complementCount - 1, using: &generator)
            if second >= first { second += 1 }
            let gamma = uniformOpenUnit(using: &generator) < jumpProbability ? 1 : 2.38 / (2 * Double(d)).squareRoot()
            var y = x
            for i in 0..<d {
                y[i] += gamma * (complement[first * d + i] - complement[second * d + i])
                    + sigma * Normal.standardSample(using: &generator)
            }
            return (y, 0)
        }
    }

    /// Uniform integer in 0..<n from one 64-bit draw (Lemire's multiply-shift; bias < n/2⁶⁴).
    static func index<G: RandomNumberGenerator>(below n: Int, using generator: inout G) -> Int {
        precondition(n > 0, "empty range")
        return Int(generator.next().multipliedFullWidth(by: UInt64(n)).high)
    }
}
