import Dispatch
import Foundation
import Imaging
import TumorModel

/// `Benchmarks rescaled`: what the fast–slow sampler's split costs on the real anatomy (lipkova-case WM/GM,
/// block-averaged to 4 mm and 2 mm, Float64 as the likelihood uses): a direct solve to day T, one
/// rescaled run to the same `s = ρT` keeping c at the voxels of a 60 mm box around the seed (the slow
/// evaluation), the same run with the likelihood's kind of stop check, and one cheap read of those
/// voxels at a new `s` (the fast evaluation). Checks its own answer: at a node the rescaled run equals
/// the direct run with the same steps (to 1e-12), and between nodes it stays within 1e-2 of it.
enum RescaledBenchmark {
    static func run(_ arguments: [String]) {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/lipkova-case")
        let wm: Volume<Double>, gm: Volume<Double>
        do {
            wm = try NIfTIFile.readVolume(data.appendingPathComponent("WM.nii.gz"))
            gm = try NIfTIFile.readVolume(data.appendingPathComponent("GM.nii.gz"))
        } catch {
            print("rescaled benchmark skipped: \(error)")
            return
        }
        print("# Rescaled-run benchmark (lipkova-case anatomy, Float64, 1 thread; best of 5 after a warm-up)")
        print("| grid | D_w | rho | T d | direct solve ms | rescaled run ms (watch, no stop) | + stop check ms | cheap read ms | watched voxels | nodes | max |Δc| at node | max |Δc| between |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        var failures = 0
        for factor in [4, 2] {
            let tissue = TissueMaps(whiteMatter: wm.blockAveraged(factor: factor), greyMatter: gm.blockAveraged(factor: factor))
            let domain = TumorDomain<Double>(tissue: tissue)
            let seedWorld = tissue.grid.affine.world(fromVoxel: SIMD3(166.35, 151.25, 95.13) / Double(factor))
            let c0 = InitialCondition.gaussian(center: .world(seedWorld), sigmaMillimeters: Double(factor), amplitude: 0.5).values(on: domain)
            let work = domain.workGrid
            guard let seedVoxel = work.affine.voxel(fromWorld: seedWorld) else { continue }
            let half = 30.0 / Double(factor)
            let watchedIndices = (0..<work.count).filter { i in
                guard domain.isTissue[i] else { return false }
                let v = work.coordinates(ofIndex: i)
                return abs(Double(v.x) - seedVoxel.x) <= half && abs(Double(v.y) - seedVoxel.y) <= half && abs(Double(v.z) - seedVoxel.z) <= half
            }
            let watched = WatchedVoxels(watchedIndices, grid: work)
            for (dw, rho, age) in [(0.13, 0.025, 300.0), (0.4, 0.007, 800.0)] {
                let kappa = dw / rho, s = rho * age
                let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: 1, activeRegionThreshold: 1e-6))
                let ds = RescaledTrajectory<Double>.timeStep(domain: domain, invasionLengthSquared: kappa, maximumStep: 0.25)
                var run: RescaledTrajectory<Double>?
                let tRun = best { run = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: c0, step: ds,
                                                           voxels: watched, maximumRescaledTime: s) }
                let tStop = best { _ = RescaledTrajectory(solver: solver, invasionLengthSquared: kappa, initialValues: c0, step: ds,
                                                          voxels: watched, maximumRescaledTime: s) { $0.count(atLeast: 0.8) >= Int.max } }
                guard let run else { continue }
                // The direct run with the same equal steps, to the last stored node before s.
                let node = (s / run.nodeSpacing).rounded(.down) * run.nodeSpacing
                var direct: [Double] = []
                var directOptions = SolverOptions(threadCount: 1, maximumTimeStep: ds / rho, activeRegionThreshold: 1e-6)
                directOptions.stepping = .equalSteps
                let directSolver = ForwardSolver(domain: domain, options: directOptions)
                let tDirect = best { direct = directSolver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: dw, proliferationRate: rho),
                                                                 initialValues: c0, outputTimes: [node / rho]).snapshots[0] }
                var values = [Double](repeating: 0, count: watchedIndices.count)
                let tRead = best { run.values(at: s * 0.97, into: &values) }
                run.values(at: node, into: &values)
                let atNode = zip(watchedIndices, values).map { abs(direct[$0.0] - $0.1) }.max() ?? .nan
                let between = directSolver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: dw, proliferationRate: rho),
                                                 initialValues: c0, outputTimes: [0.97 * age]).snapshots[0]
                run.values(at: 0.97 * s, into: &values)
                let off = zip(watchedIndices, values).map { abs(between[$0.0] - $0.1) }.max() ?? .nan
                print(String(format: "| %d mm | %.2f | %.3f | %.0f | %.1f | %.1f | %.1f | %.3f | %d | %d | %.1e | %.1e |", factor, dw, rho, age,
                             1000 * tDirect, 1000 * tRun, 1000 * tStop, 1000 * tRead, watchedIndices.count, run.nodeCount, atNode, off))
                if !(atNode < 1e-12 && off < 1e-2) { failures += 1; print("  ^ check failed") }
            }
        }
        if failures > 0 { print("FAILED: \(failures) check(s)"); exit(1) }
    }

    static func best(_ body: () -> Void) -> Double {
        body()
        var b = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            b = min(b, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return b
    }
}
