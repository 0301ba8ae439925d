import Foundation
import Imaging
import Probability
import Testing
@testable import TumorModel

/// A homogeneous white-matter cube of `n³` voxels of side `h` mm.
func homogeneousDomain<S: SolverScalar>(_ n: Int, spacing h: Double = 1, as: S.Type = S.self) -> TumorDomain<S> {
    let grid = Grid(shape: SIMD3(n, n, n), spacingMillimeters: SIMD3(repeating: h))
    return TumorDomain<S>(tissue: .homogeneous(grid: grid))
}

@Suite struct ForwardSolverTests {
    /// Pure diffusion (ρ = 0) of a Gaussian in a homogeneous box: the exact solution is a Gaussian with
    /// σ² = σ0² + 2Dt and peak a·(σ0/σ)³. 56³ box at h = 1 mm, σ0 = 4 mm, D = 1 mm²/day, t = 4.5 days:
    /// σ = 5 mm, walls 28 mm = 5.6σ away (wall effect e^{-15.7} ≈ 2e-7 of the peak).
    @Test func pureDiffusionMatchesAnalyticGaussianAndConservesMass() {
        let n = 56
        let domain: TumorDomain<Double> = homogeneousDomain(n)
        let center = SIMD3<Double>(repeating: 28.5)   // a voxel corner: symmetric about the box centre
        let sigma0 = 4.0, amplitude = 0.5, t = 4.5, d = 1.0
        let initial = InitialCondition.gaussian(center: .voxel(center), sigmaMillimeters: sigma0, amplitude: amplitude)
        // Exact active region (threshold 0) so that mass is conserved to round-off.
        let solver = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 0))
        let c0 = initial.values(on: domain)
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: d, proliferationRate: 0),
                                    initialValues: c0, outputTimes: [t])
        let c = solution.snapshots[0]
        let sigma2 = sigma0 * sigma0 + 2 * d * t
        let peak = amplitude * pow(sigma0 * sigma0 / sigma2, 1.5)
        var maxError = 0.0
        let g = domain.workGrid
        for z in 1..<(n + 1) {
            for y in 1..<(n + 1) {
                for x in 1..<(n + 1) {
                    let p = SIMD3(Double(x - 1), Double(y - 1), Double(z - 1)) - center
                    let exact = peak * exp(-(p * p).sum() / (2 * sigma2))
                    maxError = max(maxError, abs(c[g.index(x, y, z)] - exact))
                }
            }
        }
        // Second-order scheme: error ≈ peak·O(h²/σ²); measured 2.4e-4 of a 0.0884 peak.
        #expect(maxError < 5e-3 * peak, "max error \(maxError) vs peak \(peak)")
        let mass0 = c0.reduce(0, +), mass1 = c.reduce(0, +)
        #expect(abs(mass1 - mass0) / mass0 <= 1e-10, "relative mass change \(abs(mass1 - mass0) / mass0)")
    }
}

@Suite struct ForwardSolverPropertyTests {
    /// Pure reaction: a spatially uniform field in a closed homogeneous box has no diffusion, so the
    /// Strang scheme with the exact logistic flow must return the logistic solution
    /// `c(t) = c0·e^{ρt}/(1 − c0 + c0·e^{ρt})` to round-off, whatever the step.
    @Test func uniformFieldFollowsExactLogistic() {
        let domain: TumorDomain<Double> = homogeneousDomain(6)
        let solver = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 0))
        let c0 = 0.01, rho = 0.05
        let initial = domain.isTissue.map { $0 ? c0 : 0 }
        let times = [10.0, 50, 120]
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: 1, proliferationRate: rho),
                                    initialValues: initial, outputTimes: times)
        for (k, t) in times.enumerated() {
            let e = exp(rho * t), exact = c0 * e / (1 - c0 + c0 * e)
            let i = domain.workGrid.index(3, 3, 3)
            #expect(abs(solution.snapshots[k][i] - exact) < 1e-13, "t=\(t): \(solution.snapshots[k][i]) vs \(exact)")
        }
    }

    /// The result is bit-identical for 1, 2 and 3 threads (slabs are independent).
    @Test func resultDoesNotDependOnThreadCount() {
        let domain = TumorDomain<Float>(tissue: syntheticTissue(20))
        let initial = InitialCondition.gaussian(center: .voxel(SIMD3(9.5, 9.5, 9.5)), sigmaMillimeters: 1.5, amplitude: 0.8)
        let parameters = GrowthParameters(whiteMatterDiffusivity: 0.3, proliferationRate: 0.05)
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: threads))
            results.append(solver.solve(parameters: parameters, initial: initial, outputTimes: [40]).snapshots[0])
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }

    /// Restricting updates to the active box (threshold 1e-9, margin 2) changes c by less than 1e-6
    /// compared with the exact restriction (threshold 0: the box covers the support of c), on a
    /// heterogeneous 32³ anatomy (1 mm), D_w = 0.5 mm²/day, ρ = 0.08/day, 50 and 100 days (c max ≈ 1),
    /// in Float64; and it saves work.
    @Test func activeRegionErrorIsBelowOneMillionth() {
        let domain = TumorDomain<Double>(tissue: syntheticTissue(32))
        let initial = InitialCondition.gaussian(center: .voxel(SIMD3(15.5, 15.5, 15.5)), sigmaMillimeters: 1.5, amplitude: 0.5)
        let parameters = GrowthParameters(whiteMatterDiffusivity: 0.5, proliferationRate: 0.08)
        let exact = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 0))
            .solve(parameters: parameters, initial: initial, outputTimes: [50, 100])
        let restricted = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 1e-9))
            .solve(parameters: parameters, initial: initial, outputTimes: [50, 100])
        for k in 0..<2 {
            let maxDifference = zip(exact.snapshots[k], restricted.snapshots[k]).map { abs($0 - $1) }.max() ?? 0
            print("active region: output \(k): max |Δc| = \(maxDifference), updates \(restricted.statistics.voxelUpdates) vs \(exact.statistics.voxelUpdates)")
            #expect(maxDifference < 1e-6, "output \(k): max |Δc| = \(maxDifference)")
        }
        #expect((exact.snapshots[1].max() ?? 0) > 0.9)
        #expect(restricted.statistics.voxelUpdates < exact.statistics.voxelUpdates)
    }

    /// Float32 (the default precision) agrees with Float64 to 1e-5 in c on the same problem.
    @Test func floatAgreesWithDouble() {
        let tissue = syntheticTissue(24)
        let initial = InitialCondition.gaussian(center: .voxel(SIMD3(11.5, 11.5, 11.5)), sigmaMillimeters: 1.5, amplitude: 0.5)
        let parameters = GrowthParameters(whiteMatterDiffusivity: 0.4, proliferationRate: 0.04)
        let single = ForwardSolver(domain: TumorDomain<Float>(tissue: tissue)).solve(parameters: parameters, initial: initial, outputTimes: [100])
        let double = ForwardSolver(domain: TumorDomain<Double>(tissue: tissue)).solve(parameters: parameters, initial: initial, outputTimes: [100])
        let maxDifference = zip(single.snapshots[0], double.snapshots[0]).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(maxDifference < 1e-5, "max |c32 − c64| = \(maxDifference)")
    }

    /// 0 ≤ c ≤ 1 and no NaN for random parameters across the prior box of DESIGN.md §3
    /// (D_w log-uniform [0.02, 1.5] mm²/day, ρ log-uniform [0.002, 0.2]/day, T uniform [30, 1800] days,
    /// seed anywhere in the tissue, r ∈ {5, 10}), on a 12³ heterogeneous anatomy with 4 mm voxels
    /// (so the largest D_w·T still crosses the domain), in both precisions; plus the corners of the box.
    @Test func densityStaysInUnitIntervalAcrossPriorBox() {
        var rng = Xoshiro256StarStar(seed: 2026, stream: 3)
        let tissue = syntheticTissue(12, spacing: SIMD3(4, 4, 3.5))
        let domains = (TumorDomain<Float>(tissue: tissue, diffusivityRatio: 10), TumorDomain<Double>(tissue: tissue, diffusivityRatio: 5))
        var draws: [(Double, Double, Double)] = [(0.02, 0.002, 30), (1.5, 0.2, 1800), (1.5, 0.002, 1800), (0.02, 0.2, 1800)]
        for _ in 0..<6 {
            draws.append((exp(Double.random(in: log(0.02)...log(1.5), using: &rng)),
                          exp(Double.random(in: log(0.002)...log(0.2), using: &rng)),
                          Double.random(in: 30...1800, using: &rng)))
        }
        for (k, (dw, rho, t)) in draws.enumerated() {
            let seed = SIMD3(Double.random(in: 3...8, using: &rng), Double.random(in: 3...8, using: &rng), 5.5)
            let initial = InitialCondition.gaussian(center: .voxel(seed), sigmaMillimeters: 4, amplitude: 0.5)
            let parameters = GrowthParameters(whiteMatterDiffusivity: dw, proliferationRate: rho)
            let times = [t / 3, t]
            if k % 2 == 0 {
                let s = ForwardSolver(domain: domains.0).solve(parameters: parameters, initial: initial, outputTimes: times)
                for c in s.snapshots { #expect(c.allSatisfy { $0 >= 0 && $0 <= 1 }, "D=\(dw) ρ=\(rho) T=\(t)") }
            } else {
                let s = ForwardSolver(domain: domains.1).solve(parameters: parameters, initial: initial, outputTimes: times)
                for c in s.snapshots { #expect(c.allSatisfy { $0 >= 0 && $0 <= 1 }, "D=\(dw) ρ=\(rho) T=\(t)") }
            }
        }
    }
}
