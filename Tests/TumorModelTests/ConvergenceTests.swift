import Foundation
import Imaging
import Testing
@testable import TumorModel

/// Observed orders of convergence of the 3-D solver.
@Suite struct ConvergenceTests {
    /// The no-flux eigenmode `c = ½ + ¼·cos(πx/L)cos(πy/L)cos(πz/L)·e^{−3π²Dt/L²}` on the cube
    /// `[0, L]³` (L = 12 mm, D = 1 mm²/day, t = L²/(3π²D): the mode decays by e), solved on N³ cell-centred
    /// grids, N = 6, 12, 24, with Δt ∝ h² (safety 0.95): max error must fall by ≈ 4 per halving of h
    /// (observed order 2 ± 0.2).
    @Test func spatialOrderIsTwo() {
        let length = 12.0, d = 1.0
        let t = length * length / (3 * Double.pi * Double.pi * d)
        var errors: [Double] = []
        for n in [6, 12, 24] {
            let h = length / Double(n)
            let domain: TumorDomain<Double> = homogeneousDomain(n, spacing: h)
            func mode(_ x: Int, _ y: Int, _ z: Int, _ decay: Double) -> Double {
                let p = (SIMD3(Double(x), Double(y), Double(z)) - 0.5) * h   // work index 1 ↔ cell centre h/2
                return 0.5 + 0.25 * cos(Double.pi * p.x / length) * cos(Double.pi * p.y / length) * cos(Double.pi * p.z / length) * decay
            }
            let g = domain.workGrid
            var initial = [Double](repeating: 0, count: g.count)
            for z in 1...n { for y in 1...n { for x in 1...n { initial[g.index(x, y, z)] = mode(x, y, z, 1) } } }
            let solver = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 0))
            let c = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: d, proliferationRate: 0),
                                 initialValues: initial, outputTimes: [t]).snapshots[0]
            let decay = exp(-3 * Double.pi * Double.pi * d * t / (length * length))
            var maxError = 0.0
            for z in 1...n { for y in 1...n { for x in 1...n {
                maxError = max(maxError, abs(c[g.index(x, y, z)] - mode(x, y, z, decay)))
            } } }
            errors.append(maxError)
        }
        let orders = (0..<2).map { log2(errors[$0] / errors[$0 + 1]) }
        print("spatial errors \(errors), orders \(orders)")
        #expect(abs(orders[1] - 2) < 0.2, "errors \(errors), orders \(orders)")
    }

    /// Order in time on a fixed 12³ grid (h = 1 mm, D_w = 1, ρ = 0.5, heterogeneous-free eigenmode
    /// initial state plus growth, t = 4 days): the diffusion substep is explicit Euler, so the Strang
    /// scheme is first order overall; errors against a Δt/64 reference at Δt, Δt/2, Δt/4 must halve
    /// (observed order 1 ± 0.15).
    @Test func temporalOrderIsOne() {
        let n = 12
        let domain: TumorDomain<Double> = homogeneousDomain(n)
        let g = domain.workGrid
        var initial = [Double](repeating: 0, count: g.count)
        for z in 1...n { for y in 1...n { for x in 1...n {
            let p = SIMD3(Double(x), Double(y), Double(z)) - 0.5
            initial[g.index(x, y, z)] = 0.2 + 0.15 * cos(Double.pi * p.x / 12) * cos(Double.pi * p.y / 12) * cos(Double.pi * p.z / 6)
        } } }
        let parameters = GrowthParameters(whiteMatterDiffusivity: 1, proliferationRate: 0.5)
        let base = 0.95 / 6.0
        func run(_ dt: Double) -> [Double] {
            ForwardSolver(domain: domain, options: SolverOptions(maximumTimeStep: dt, activeRegionThreshold: 0))
                .solve(parameters: parameters, initialValues: initial, outputTimes: [4]).snapshots[0]
        }
        let reference = run(base / 64)
        let errors = [1.0, 2, 4].map { k in zip(run(base / k), reference).map { abs($0 - $1) }.max() ?? 0 }
        let orders = (0..<2).map { log2(errors[$0] / errors[$0 + 1]) }
        print("temporal errors \(errors), orders \(orders)")
        #expect(orders.allSatisfy { abs($0 - 1) < 0.15 }, "errors \(errors), orders \(orders)")
    }
}
