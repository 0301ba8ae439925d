import Foundation
import Testing
import Inference
import Probability
@testable import Calibration

/// The fast–slow split of the patient posterior: the same density as the standard ``Posterior`` after
/// the change of coordinates, a prepared run that serves every (ρ, T, θ) at its κ and seed, and memoised
/// runs that give the same numbers as fresh ones.
@Suite struct GrowthPosteriorTests {
    func setUp() throws -> (ObservationModel, ResolvedModel) {
        let folder = CalibrationFixtures.temporaryFolder()
        let data = try PatientData.load(try PatientSpecification.read(try CalibrationFixtures.writePatient(in: folder)), builtinAnatomy: nil)
        return (try ObservationModel(data: data, resolutionMillimeters: 2), try ResolvedModel.resolve(data))
    }

    /// `log π_w(w) + shift = log π_standard(u)` at the truth and around it (both −∞ together).
    @Test func equalsTheStandardPosteriorAfterTheChangeOfCoordinates() throws {
        let (observations, model) = try setUp()
        let split = GrowthPosterior(likelihood: PatientLikelihood(observations: observations, model: model, counter: nil))
        let standard = Posterior(space: model.space, likelihood: PatientLikelihood(observations: observations, model: model, counter: nil))
        let c = split.coordinates
        // The truth and points around it (and one where T = s₀/ρ leaves its box: −∞). Prior draws
        // far from the data are slow to solve in a debug build; the change of coordinates does not care.
        let truth = c.coordinates(natural: [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25])
        var points = [truth]
        var generator = Xoshiro256StarStar(seed: 11, stream: 0)
        for _ in 0..<3 { points.append(truth.map { $0 + 0.1 * Normal.standardSample(using: &generator) }) }
        var outside = truth
        outside[2] = log(0.06 * 5000)
        #expect(split.logDensity(outside) == -.infinity)   // no standard point to compare with: T is off its scale
        var finite = 0
        for w in points {
            let (u, shift) = c.standard(w)
            let a = split.logDensity(w) + shift, b = standard.logDensity(u)
            if b.isFinite {
                finite += 1
                #expect(abs(a - b) <= 1e-8 * max(1, abs(b)), "w = \(w): \(a) vs \(b)")
            } else {
                #expect(a == b)
            }
        }
        #expect(finite >= 1)
    }

    /// One prepared run serves other (ρ, T, thresholds) at the same κ and seed, with the value a fresh
    /// evaluation gives; a memoised run gives the same numbers as a fresh instance.
    @Test func preparedRunServesTheFastCoordinates() throws {
        let (observations, model) = try setUp()
        let counter = SolveCounter()
        let split = GrowthPosterior(likelihood: PatientLikelihood(observations: observations, model: model, counter: counter), keep: 2)
        let fresh = GrowthPosterior(likelihood: PatientLikelihood(observations: observations, model: model, counter: nil), keep: 1)
        let c = split.coordinates
        let w = c.coordinates(natural: [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25])
        let run = split.prepare(w)
        #expect(counter.snapshot().solves[2] == 1)
        for (rho, age, theta) in [(0.05, 120.0, 0.72), (0.08, 75.0, 0.65), (0.04, 150.0, 0.7)] {
            // Same κ (= 0.1/0.06) and seed, other ρ, T and θ_T1; the slow coordinates copied bit for bit.
            var v = c.coordinates(natural: [rho * 0.1 / 0.06, rho, age, -1, -5, 5, theta, 0.25])
            for i in c.slowCoordinates { v[i] = w[i] }
            #expect(abs(c.natural(v)[2] - age) < 1e-9 * age)
            let cheap = split.logDensity(v, given: run)
            #expect(cheap.isFinite)
            #expect(cheap == fresh.logDensity(v))
            #expect(cheap == split.logDensity(v))   // memo hit: same slow coordinates, no new solve
        }
        #expect(counter.snapshot().solves[2] == 1)
        // κ outside what the prior allows for any ρ: nothing is solved, −∞.
        var outside = w
        outside[c.invasionIndex!] = log(1e6)
        #expect(split.logDensity(outside) == -.infinity)
        #expect(counter.snapshot().solves[2] == 1)
    }
}
