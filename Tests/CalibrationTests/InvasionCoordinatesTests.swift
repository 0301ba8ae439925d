import Foundation
import Testing
import Inference
import Probability
@testable import Calibration

@Suite struct InvasionCoordinatesTests {
    func model() throws -> ResolvedModel {
        let folder = CalibrationFixtures.temporaryFolder()
        let data = try PatientData.load(try PatientSpecification.read(try CalibrationFixtures.writePatient(in: folder)), builtinAnatomy: nil)
        return try ResolvedModel.resolve(data)
    }

    /// log κ takes D_w's slot and log(ρT) T's; the slow coordinates are log κ and the seed; natural ↔ sampler coordinates
    /// round-trip.
    @Test func layoutAndRoundTrip() throws {
        let m = try model()
        let c = InvasionCoordinates(model: m)
        #expect(m.freeParameters.map(\.rawValue) == ["D_w", "rho", "T", "x0_x", "x0_y", "x0_z", "theta_T1", "theta_FL"])
        #expect(c.invasionIndex == 0 && c.rateIndex == 1)
        #expect(c.slowCoordinates == [0, 3, 4, 5])
        let x = [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25]
        let w = c.coordinates(natural: x)
        #expect(abs(w[0] - log(0.1 / 0.06)) < 1e-15)
        #expect(c.ageIndex == 2 && abs(w[2] - log(0.06 * 100)) < 1e-15)   // T's slot holds log s₀ = log(ρT)
        #expect(zip(c.natural(w), x).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        let u = m.space.unconstrain(x)
        #expect(zip(c.coordinates(standard: u), w).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(c.standard(w).coordinates, u).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    /// `log |dx/dw|` equals the log-determinant of the finite-difference Jacobian of `natural`, and the
    /// shift of ``InvasionCoordinates/standard(_:)`` turns the sampler-scale prior into the standard one.
    @Test func jacobianAndDensityShift() throws {
        let m = try model()
        let c = InvasionCoordinates(model: m)
        var generator = Xoshiro256StarStar(seed: 3, stream: 0)
        for _ in 0..<5 {
            let w = c.coordinates(standard: m.space.samplePriorUnconstrained(using: &generator))
            let n = w.count
            var jacobian = [Double](repeating: 0, count: n * n)
            for j in 0..<n {
                let h = 1e-6
                var a = w, b = w
                a[j] += h; b[j] -= h
                let xa = c.natural(a), xb = c.natural(b)
                for i in 0..<n { jacobian[i + j * n] = (xa[i] - xb[i]) / (2 * h) }
            }
            #expect(abs(logAbsDeterminant(jacobian, n) - c.logAbsJacobian(w)) < 1e-5)
            let (u, shift) = c.standard(w)
            let viaShift = c.logPrior(w) + shift
            #expect(abs(viaShift - m.space.logPriorUnconstrained(u)) < 1e-9 * max(1, abs(viaShift)))
        }
    }

    /// Outside the box (D_w = κρ beyond its prior bounds) the sampler-scale prior is −∞.
    @Test func priorIsZeroWhereDiffusivityLeavesItsBox() throws {
        let m = try model()
        let c = InvasionCoordinates(model: m)
        var w = c.coordinates(natural: [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25])
        w[0] = log(2.0 / 0.06)   // D_w = 2 > 1.5
        #expect(c.logPrior(w) == -.infinity)
        #expect(c.isAdmissibleSlowPart(w))   // some ρ still gives D_w ≤ 1.5 at this κ
        w[0] = log(1.6 / 0.002)   // κ above D_max/ρ_min: no ρ helps
        #expect(!c.isAdmissibleSlowPart(w))
        // T = s₀/ρ outside its box (s₀ = 0.06 × 5000) is outside the support too.
        var v = c.coordinates(natural: [0.1, 0.06, 100, -1, -5, 5, 0.7, 0.25])
        v[2] = log(0.06 * 5000)
        #expect(c.logPrior(v) == -.infinity)
    }

    /// With ρ fixed, D_w itself is slow and nothing is re-parameterised.
    @Test func fixedRateKeepsStandardCoordinates() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let url = try CalibrationFixtures.writePatient(in: folder, extraModel: ["fixed": ["rho": 0.06]])
        let m = try ResolvedModel.resolve(try PatientData.load(try PatientSpecification.read(url), builtinAnatomy: nil))
        let c = InvasionCoordinates(model: m)
        #expect(c.invasionIndex == nil)
        #expect(c.slowCoordinates == [0, 2, 3, 4])   // D_w, then the seed (T is now index 1)
        let u = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.1]
        #expect(c.natural(u) == m.space.constrain(u) && c.standard(u).logDensityShift == 0)
    }

    /// log |det A| by Gaussian elimination with partial pivoting (column-major n×n).
    func logAbsDeterminant(_ a: [Double], _ n: Int) -> Double {
        var m = a, sum = 0.0
        for k in 0..<n {
            let p = (k..<n).max { abs(m[$0 + k * n]) < abs(m[$1 + k * n]) } ?? k
            if p != k { for j in 0..<n { m.swapAt(k + j * n, p + j * n) } }
            let pivot = m[k + k * n]
            sum += log(abs(pivot))
            for i in (k + 1)..<max(k + 1, n) {
                let f = m[i + k * n] / pivot
                for j in k..<n { m[i + j * n] -= f * m[k + j * n] }
            }
        }
        return sum
    }
}
