import Foundation
import Imaging
import Testing
@testable import TumorModel

/// Front speed of Fisher–KPP: `v = 2√(Dρ)` asymptotically, approached from below as
/// `x(t) = vt − c·λ·ln t` (Bramson; `λ = √(D/ρ)`, `c = 3/2` for a planar front, `(d+2)/2 = 5/2` for a
/// radial one in 3-D), so the mean speed over [t1, 2t1] is `v − cλ ln2/t1`.
@Suite struct FrontSpeedTests {
    /// Planar front in the 3-D solver: a 520 × 1 × 1 voxel bar of h = 0.5 mm (260 mm), D = 1 mm²/day,
    /// ρ = 1/day (v = 2 mm/day, λ = 1 mm), c0 = 1 on the first 10 voxels, Δt = 0.025 day (D·Δt/h² = 0.1:
    /// at the stability limit the explicit step alone slows the front by ≈ 2 % at this h). The c = 0.5
    /// crossing is tracked between t = 60 and t = 120 days; expected mean speed 2 − 1.5·ln2/60 = 1.983
    /// mm/day (−0.9 %); must be within 2 % of 2√(Dρ).
    @Test func planarFrontSpeedMatchesFisherKPP() {
        let grid = Grid(shape: SIMD3(520, 1, 1), spacingMillimeters: SIMD3(0.5, 1, 1))
        let domain = TumorDomain<Double>(tissue: .homogeneous(grid: grid))
        var initial = [Double](repeating: 0, count: domain.workGrid.count)
        for x in 1...10 { initial[domain.workGrid.index(x, 1, 1)] = 1 }
        let parameters = GrowthParameters(whiteMatterDiffusivity: 1, proliferationRate: 1)
        let solution = ForwardSolver(domain: domain, options: SolverOptions(maximumTimeStep: 0.025))
            .solve(parameters: parameters, initialValues: initial, outputTimes: [60, 120])
        func front(_ c: [Double]) -> Double {
            for x in 2...520 where c[domain.workGrid.index(x, 1, 1)] < 0.5 {
                let a = c[domain.workGrid.index(x - 1, 1, 1)], b = c[domain.workGrid.index(x, 1, 1)]
                return (Double(x - 2) + (a - 0.5) / (a - b)) * 0.5
            }
            return .nan
        }
        let speed = (front(solution.snapshots[1]) - front(solution.snapshots[0])) / 60
        print("planar front speed \(speed) mm/day vs \(parameters.whiteMatterFrontSpeed)")
        #expect(abs(speed / parameters.whiteMatterFrontSpeed - 1) < 0.02, "speed \(speed)")
    }

    /// Radial front in the 1-D spherical solver: ball R = 340 mm, 680 shells (h = 0.5 mm), D = 1,
    /// ρ = 1, step at 0.25 of the stability limit, c0 = smoothed ball of radius 3 mm. Mean speed of the
    /// c = 0.5 radius over [80, 160] days; expected 2 − 2.5·ln2/80 = 1.978 (−1.1 %); must be within 2 %
    /// of 2√(Dρ).
    @Test func radialFrontSpeedMatchesFisherKPP() {
        let solver = RadialSolver(radiusMillimeters: 340, shellCount: 680, timeStepSafety: 0.25)
        let ball = InitialCondition.smoothedBall(center: .voxel(.zero), radiusMillimeters: 3, widthMillimeters: 1)
        let c = solver.solve(diffusivity: 1, proliferationRate: 1, initial: { ball.value(atDistance: $0) },
                             outputTimes: [80, 160])
        guard let r1 = solver.frontRadius(0.5, in: c[0]), let r2 = solver.frontRadius(0.5, in: c[1]) else {
            Issue.record("no front found"); return
        }
        let speed = (r2 - r1) / 80
        print("radial front speed \(speed) mm/day vs 2")
        #expect(abs(speed / 2 - 1) < 0.02, "speed \(speed)")
    }
}
