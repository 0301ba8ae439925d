import Foundation
import Imaging
import Testing
@testable import TumorModel

@Suite struct RadialSolverTests {
    /// Pure diffusion in the ball conserves `Σ 4πV_i c_i` to round-off (flux form, no-flux walls).
    @Test func conservesMassWithoutGrowth() {
        let solver = RadialSolver(radiusMillimeters: 20, shellCount: 80)
        let initial: (Double) -> Double = { $0 < 5 ? 0.7 : 0 }
        let c = solver.solve(diffusivity: 0.5, proliferationRate: 0, initial: initial, outputTimes: [0, 40])
        let mass = c.map { v in v.indices.reduce(0.0) { $0 + solver.shellVolume($1) * v[$1] } }
        #expect(abs(mass[1] - mass[0]) / mass[0] < 1e-12)
        // and spreads towards the uniform value mass/volume
        #expect((c[1].max() ?? 1) < 0.7)
    }

    /// On a homogeneous ball the 1-D radial solver and the 3-D solver agree: volumes above 0.25 and 0.8
    /// within 2 %. 3-D: one octant (40³ voxels of 1 mm, tissue = voxels whose centre lies within 39.5 mm of
    /// the corner point, no-flux symmetry planes) × 8. 1-D: R = 39.5 mm, 316 shells. D = 0.2 mm²/day,
    /// ρ = 0.1/day, c0 = smoothed ball (R = 3 mm, W = 2 mm) at the corner, t = 90 days (radii ≈ 22 mm at 0.25, 15 mm at 0.8).
    @Test func agreesWithThreeDimensionalSolverOnHomogeneousBall() {
        let n = 40
        let grid = Grid(shape: SIMD3(n, n, n), spacingMillimeters: SIMD3(repeating: 1))
        var wm = [Double](repeating: 0, count: grid.count)
        for z in 0..<n { for y in 0..<n { for x in 0..<n {
            let p = SIMD3(Double(x), Double(y), Double(z)) + 0.5
            if (p * p).sum() <= 39.5 * 39.5 { wm[grid.index(x, y, z)] = 1 }
        } } }
        let domain = TumorDomain<Double>(tissue: TissueMaps(grid: grid, whiteMatter: wm, greyMatter: Array(repeating: 0, count: grid.count)))
        let ball = InitialCondition.smoothedBall(center: .voxel(SIMD3(repeating: -0.5)), radiusMillimeters: 3, widthMillimeters: 2)
        let c3 = ForwardSolver(domain: domain).solve(parameters: GrowthParameters(whiteMatterDiffusivity: 0.2, proliferationRate: 0.1),
                                                     initial: ball, outputTimes: [90]).snapshots[0]
        let radial = RadialSolver(radiusMillimeters: 39.5, shellCount: 316)
        let c1 = radial.solve(diffusivity: 0.2, proliferationRate: 0.1, initial: { ball.value(atDistance: $0) }, outputTimes: [90])[0]
        for theta in [0.25, 0.8] {
            let v3 = 8 * Double(c3.filter { $0 > theta }.count)
            let v1 = radial.volumeAbove(theta, in: c1)
            print("θ=\(theta): 3-D \(v3) mm³, 1-D \(v1) mm³")
            #expect(v1 > 1000)
            #expect(abs(v3 / v1 - 1) < 0.02, "θ=\(theta): 3-D \(v3) vs 1-D \(v1)")
        }
    }
}
