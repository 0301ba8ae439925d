import Foundation
import Imaging
import Testing
@testable import TumorModel

@Suite struct RescaledTrajectoryTests {
    let domain = TumorDomain<Double>(tissue: syntheticTissue(16))
    /// κ = 0.5 mm² on 1 mm voxels: the stability limit (≈ 0.33 in s) is above the 0.2–0.25 node spacings used.
    let kappa = 0.5
    var initial: [Double] {
        InitialCondition.gaussian(center: .voxel(SIMD3(7.5, 7.5, 7.5)), sigmaMillimeters: 1.5, amplitude: 0.3).values(on: domain)
    }
    var watched: [Int] { (0..<domain.workGrid.count).filter { domain.isTissue[$0] } }

    /// A stored node s_j is reached by j·m equal steps of Δs, and a direct run with D_w = κρ and
    /// Δt = Δs/ρ takes the very same steps: at t_j = s_j/ρ both must agree to round-off for any ρ
    /// (Float64). κ = 0.5 stores every step (Δs = 0.25); κ = 10 stores every m-th (Δs ≈ 0.016, m = 6).
    @Test(arguments: [0.5, 10.0])
    func nodesReproduceDirectRuns(kappa: Double) {
        let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 1))
        let ds = RescaledTrajectory.timeStep(domain: domain, invasionLengthSquared: kappa, maximumStep: 0.25)
        #expect(ds <= 0.25 && ds > 0)
        let m = RescaledTrajectory<Double>.stepsPerNode(step: ds)
        #expect(m == (kappa == 10 ? 6 : 1))
        let voxels = watched
        let run = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initial, step: ds,
                                     voxels: WatchedVoxels(voxels, grid: domain.workGrid), maximumRescaledTime: 2.5)
        #expect(run.stepsPerNode == m && run.nodeSpacing == Double(m) * ds)
        #expect(run.canRead(at: 2.5) && run.nodeCount == CubicLagrange.nodesNeeded(at: 2.5 / run.nodeSpacing))
        var values = [Double](repeating: 0, count: voxels.count)
        for (rho, j) in [(0.02, 7), (0.05, 9)] {
            var options = SolverOptions(threadCount: 1, maximumTimeStep: ds / rho)
            options.stepping = .equalSteps
            let t = Double(j * m) * ds / rho
            let direct = ForwardSolver(domain: domain, options: options)
                .solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa * rho, proliferationRate: rho),
                       initialValues: initial, outputTimes: [t]).snapshots[0]
            run.values(at: Double(j) * run.nodeSpacing, into: &values)
            let difference = zip(voxels, values).map { abs(direct[$0.0] - $0.1) }.max() ?? 0
            #expect(difference < 1e-12, "ρ=\(rho), node \(j): max |Δc| = \(difference)")
            #expect((values.max() ?? 0) > 0.05)   // a non-trivial state
        }
    }

    /// Between nodes the cubic interpolant adds little to the time-integration error the nodes already
    /// carry: against a Δs/8 reference, the error at s = 4.31 stays within 1.5× the larger error of the
    /// neighbouring nodes s = 4.2 and 4.4 (plus 1e-4).
    @Test func interpolationBetweenNodesIsAccurate() {
        let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 1))
        let ds = 0.2
        let run = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initial, step: ds,
                                     voxels: WatchedVoxels(watched, grid: domain.workGrid), maximumRescaledTime: 6)
        let times = [4.2, 4.31, 4.4]
        let reference = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 1, maximumTimeStep: ds / 8))
            .solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa, proliferationRate: 1),
                   initialValues: initial, outputTimes: times).snapshots
        var values = [Double](repeating: 0, count: watched.count)
        let errors = times.indices.map { k in
            run.values(at: times[k], into: &values)
            return zip(watched, values).map { abs(reference[k][$0.0] - $0.1) }.max() ?? 0
        }
        print("rescaled trajectory vs a Δs/8 run: max |Δc| at s = 4.2, 4.31, 4.4: \(errors)")
        #expect(errors[1] <= 1.5 * max(errors[0], errors[2]) + 1e-4)
        #expect(errors.allSatisfy { $0 < 1e-2 })
        // Continuity at a node: windows from either side meet there.
        var below = values, above = values
        run.values(at: 20 * ds * (1 - 1e-12), into: &below)
        run.values(at: 20 * ds, into: &above)
        #expect(zip(below, above).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    /// What is read at s does not depend on how far the run went, and the whole-field evaluation used by
    /// predictions gives the very same numbers as the watched voxels.
    @Test func valuesDoNotDependOnTheRunLength() {
        let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 2))
        let ds = 0.25
        let short = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initial, step: ds,
                                       voxels: WatchedVoxels(watched, grid: domain.workGrid), maximumRescaledTime: 3)
        let long = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initial, step: ds,
                                      voxels: WatchedVoxels(watched, grid: domain.workGrid), maximumRescaledTime: 8)
        let times = [0.0, 0.1, 1.37, 2.5, 3.0]
        let fields = RescaledTrajectory.fields(solver: solver, invasionLengthSquared: kappa, initialValues: initial,
                                               step: ds, at: times)
        #expect(fields.count == times.count)
        var a = [Double](repeating: 0, count: watched.count), b = a
        for (k, s) in times.enumerated() {
            short.values(at: s, into: &a)
            long.values(at: s, into: &b)
            #expect(a == b, "s = \(s)")
            #expect(watched.map { fields[k][$0] } == a, "field at s = \(s)")
        }
        // At s = 0 the initial condition comes back exactly.
        short.values(at: 0, into: &a)
        #expect(watched.map { initial[$0] } == a)
    }

    /// The stop predicate ends the run at the first node where it holds; reads stay possible below two
    /// nodes before it.
    @Test func stopPredicateEndsTheRun() {
        let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 1))
        let ds = 0.25
        var seen: [Int] = []
        let run = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: initial, step: ds,
                                     voxels: WatchedVoxels(watched, grid: domain.workGrid), maximumRescaledTime: 50) { state in
            let n = state.count(atLeast: 0.5)
            seen.append(n)
            return n >= 100
        }
        #expect(run.isStoppedEarly)
        #expect(seen.last.map { $0 >= 100 } == true && seen.dropLast().allSatisfy { $0 < 100 })
        #expect(run.nodeCount == seen.count)
        #expect(run.rescaledTimeLimit == Double(run.nodeCount - 2) * ds)
        #expect(run.canRead(at: run.rescaledTimeLimit - 1e-9) && !run.canRead(at: run.rescaledTimeLimit))
        // count(atLeast:) compares stored values with a shifted threshold: it must equal a direct count.
        var values = [Double](repeating: 0, count: watched.count)
        run.values(at: Double(run.nodeCount - 1) * ds - 3 * ds, into: &values)
        let full = RescaledTrajectory.fields(solver: solver, invasionLengthSquared: kappa, initialValues: initial,
                                             step: ds, at: [Double(run.nodeCount - 1) * ds])[0]
        #expect(full.filter { $0 >= 0.5 }.count == seen.last)
    }
}
