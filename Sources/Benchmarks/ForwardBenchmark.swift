import Dispatch
import Foundation
import Imaging
import TumorModel

/// `Benchmarks forward [--quick]`: the forward model on the GliomaSolver reference case (1 mm and 2 mm,
/// 1 and 2 threads, Float32 and Float64), checked against the reference output; a STREAM-triad memory
/// bandwidth measured here, and the fraction of that roofline reached; scaling from 64³ to 256³.
/// Timings exclude set-up (reading, domain building) and the first (warm-up) solve; the best of
/// `repeats` solves is reported.
enum ForwardBenchmark {
    static func run(_ arguments: [String]) {
        let quick = arguments.contains("--quick")
        print("# Forward-model benchmark (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        let bandwidth = streamTriadBandwidth(threads: 2)
        let bandwidth1 = streamTriadBandwidth(threads: 1)
        print(String(format: "STREAM triad (Float32, 3 × 64 MiB): %.2f GB/s with 2 threads, %.2f GB/s with 1", bandwidth / 1e9, bandwidth1 / 1e9))
        var failures = 0
        for spacing in (quick ? [2.0] : [2.0, 1.0]) {
            failures += referenceCase(spacing: spacing, bandwidth: (bandwidth1, bandwidth), repeats: quick ? 2 : 3)
        }
        scaling(bandwidth: (bandwidth1, bandwidth), sizes: quick ? [64, 128] : [64, 96, 128, 192, 256])
        if failures > 0 {
            print("FAILED: \(failures) check(s) against the reference")
            exit(1)
        }
    }

    /// Bytes moved per voxel update by the Float32 kernel if every array streams once: read c, k_x, k_y,
    /// k_z, write c' (+ write-allocate read of c'): 6 × 4 bytes. Neighbour reads hit cache.
    static func bytesPerUpdate(_ scalarSize: Int) -> Double { Double(6 * scalarSize) }

    /// `a[i] = b[i] + s·c[i]` over 16 Mi floats per array, `threads` slabs; best of 10; bytes counted as
    /// STREAM does (3 arrays; write-allocate not counted).
    static func streamTriadBandwidth(threads: Int) -> Double {
        let n = 16 << 20
        let a = UnsafeMutablePointer<Float>.allocate(capacity: n), b = UnsafeMutablePointer<Float>.allocate(capacity: n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: n)
        a.initialize(repeating: 0, count: n); b.initialize(repeating: 1, count: n); c.initialize(repeating: 2, count: n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        let pointers = TriadPointers(a: a, b: b, c: c)
        var best = Double.infinity
        for _ in 0..<10 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { k in
                let lo = n * k / threads, hi = n * (k + 1) / threads
                let a = pointers.a, b = pointers.b, c = pointers.c
                for i in lo..<hi { a[i] = b[i] + 3 * c[i] }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        precondition(a[n - 1] == 7, "triad check")
        return 3 * 4 * Double(n) / best
    }

    struct TriadPointers: @unchecked Sendable {
        let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Loads the reference anatomy and output, solves with both precisions and thread counts, prints
    /// rates and the agreement; returns the number of failed checks.
    static func referenceCase(spacing: Double, bandwidth: (Double, Double), repeats: Int) -> Int {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
        let reference = GliomaSolverReference(spacingMillimeters: spacing)
        let wm: Volume<Double>, gm: Volume<Double>, expected: Volume<Double>
        do {
            wm = try NIfTIFile.readVolume(data.appendingPathComponent("lipkova-case/WM.nii.gz"))
            gm = try NIfTIFile.readVolume(data.appendingPathComponent("lipkova-case/GM.nii.gz"))
            expected = try NIfTIFile.readVolume(data.appendingPathComponent("gliomasolver-reference/\(reference.fileName)"))
        } catch {
            print("reference case \(spacing) mm skipped: \(error)")
            return 0
        }
        var tissue = TissueMaps(whiteMatter: wm, greyMatter: gm)
        if spacing == 2 { tissue = tissue.downsampled(factor: 2, method: .pointSample) }
        let n = tissue.grid.shape
        print("\n## GliomaSolver reference case, \(Int(spacing)) mm (\(n.x)×\(n.y)×\(n.z)), \(reference.stepCount) steps of \(String(format: "%.4f", reference.timeStep)) d → \(String(format: "%.2f", reference.finalTime)) d")
        var failures = 0
        var setup = 0.0
        var domain32: TumorDomain<Float>?
        setup = seconds { domain32 = TumorDomain<Float>(tissue: tissue, diffusivityRatio: GliomaSolverReference.diffusivityRatio) }
        guard let domain32 else { return 1 }
        let domain64 = TumorDomain<Double>(tissue: tissue, diffusivityRatio: GliomaSolverReference.diffusivityRatio)
        let box = domain32.workGrid.shape
        print(String(format: "domain set-up %.3f s; tissue box %d×%d×%d (%.1f %% of the grid)", setup, box.x, box.y, box.z,
                     100 * Double(domain32.workGrid.count) / Double(tissue.grid.count)))
        print("| precision | reaction | threads | solve wall s | updates (actual) | Mupd/s actual | Mupd/s uniform-equiv. | GB/s model | roofline % | rel L2 | Dice 0.25 | Dice 0.7 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        let uniformUpdates = Double(tissue.grid.count) * Double(reference.stepCount)
        var results: [ReactionScheme: [Float]] = [:]
        func report<S: SolverScalar>(_ domain: TumorDomain<S>, _ reaction: ReactionScheme, threads: Int) {
            let solver = ForwardSolver(domain: domain, options: reference.options(reaction: reaction, threadCount: threads))
            let initial = reference.initialCondition.values(on: domain)
            var solution: ForwardSolution<S>?
            var best = Double.infinity
            for _ in 0...repeats {   // first solve is the warm-up
                let t = seconds { solution = solver.solve(parameters: GliomaSolverReference.parameters, initialValues: initial,
                                                          outputTimes: [reference.finalTime]) }
                if solution != nil { best = min(best, t) }
            }
            guard let solution else { return }
            let c = domain.patientVolume(from: solution.snapshots[0], zero: 0).values.map { Float($0) }
            let l2 = FieldComparison.relativeL2(c, reference: expected.values)
            let d25 = FieldComparison.dice(c, expected.values, above: 0.25)
            let d70 = FieldComparison.dice(c, expected.values, above: 0.7)
            let updates = Double(solution.statistics.voxelUpdates)
            let gbs = updates / best * bytesPerUpdate(MemoryLayout<S>.size) / 1e9
            let roof = threads == 1 ? bandwidth.0 : bandwidth.1
            print(String(format: "| %@ | %@ | %d | %.3f | %.3g | %.0f | %.0f | %.2f | %.0f | %.4f | %.4f | %.4f |",
                         S.self == Float.self ? "Float32" : "Float64", reaction == .strangExactLogistic ? "Strang" : "Euler",
                         threads, best, updates, updates / best / 1e6, uniformUpdates / best / 1e6, gbs, 100 * gbs * 1e9 / roof,
                         l2, d25, d70))
            if reaction == .gliomaSolverForwardEuler && !(l2 <= 0.01 && d25 >= 0.99 && d70 >= 0.99) {
                failures += 1; print("  ^ check failed: need rel L2 ≤ 1 %, Dice ≥ 0.99")
            }
            results[reaction] = c
        }
        for threads in [1, 2] { report(domain32, .gliomaSolverForwardEuler, threads: threads) }
        report(domain64, .gliomaSolverForwardEuler, threads: 2)
        for threads in [1, 2] { report(domain32, .strangExactLogistic, threads: threads) }
        report(domain64, .strangExactLogistic, threads: 2)
        print("(Euler = GliomaSolver's explicit-Euler reaction, the convention the reference check uses; Strang = our default.)")
        // Which scheme is closer to the converged solution? Strang in Float64 with Δt/8 as the yardstick.
        let fine = ForwardSolver(domain: domain64, options: SolverOptions(timeStepSafety: 1, maximumTimeStep: reference.timeStep / 8))
            .solve(parameters: GliomaSolverReference.parameters, initialValues: reference.initialCondition.values(on: domain64),
                   outputTimes: [reference.finalTime])
        let converged = domain64.patientVolume(from: fine.snapshots[0], zero: 0).values
        let referenceError = FieldComparison.relativeL2(expected.values, reference: converged)
        print(String(format: "time-discretisation error at the reference Δt, rel L2 to a Δt/8 Strang run: GliomaSolver output %.4f, our Euler-convention run %.4f, our Strang run %.4f",
                     referenceError,
                     FieldComparison.relativeL2(results[.gliomaSolverForwardEuler] ?? [], reference: converged),
                     FieldComparison.relativeL2(results[.strangExactLogistic] ?? [], reference: converged)))
        // Error of the active-region restriction: default threshold (1e-9) vs exact (0), Float64, Strang.
        let initial64 = reference.initialCondition.values(on: domain64)
        var restricted: ForwardSolution<Double>?, exact: ForwardSolution<Double>?
        let tr = seconds { restricted = ForwardSolver(domain: domain64, options: reference.options())
            .solve(parameters: GliomaSolverReference.parameters, initialValues: initial64, outputTimes: [reference.finalTime]) }
        var exactOptions = reference.options()
        exactOptions.activeRegionThreshold = 0
        let te = seconds { exact = ForwardSolver(domain: domain64, options: exactOptions)
            .solve(parameters: GliomaSolverReference.parameters, initialValues: initial64, outputTimes: [reference.finalTime]) }
        if let restricted, let exact {
            let difference = FieldComparison.maximumAbsoluteDifference(restricted.snapshots[0], exact.snapshots[0])
            print(String(format: "active region (Float64): threshold 1e-9 → %.3g updates in %.3f s; exact (threshold 0) → %.3g updates in %.3f s; max |Δc| = %.2e; tissue box × steps = %.3g",
                         Double(restricted.statistics.voxelUpdates), tr, Double(exact.statistics.voxelUpdates), te, difference,
                         Double(domain64.workGrid.count) * Double(reference.stepCount)))
            if !(difference < 1e-6) { failures += 1; print("  ^ check failed: active-region error must be < 1e-6") }
        }
        return failures
    }

    /// Time per step on a homogeneous n³ cube with c > 0 everywhere (the active box is the whole cube),
    /// 1 and 2 threads, Float32.
    static func scaling(bandwidth: (Double, Double), sizes: [Int]) {
        print("\n## Scaling with grid size (homogeneous cube, whole grid active, Float32, per step from 20 − 10 steps)")
        print("| n³ | threads | ms/step | Mupd/s | GB/s model | roofline % |")
        print("|---|---|---|---|---|---|")
        for n in sizes {
            let grid = Grid(shape: SIMD3(n, n, n), spacingMillimeters: SIMD3(repeating: 1))
            let domain = TumorDomain<Float>(tissue: .homogeneous(grid: grid))
            let initial = domain.isTissue.map { $0 ? 0.3 : 0 }
            for threads in [1, 2] {
                let solver = ForwardSolver(domain: domain, options: SolverOptions(threadCount: threads, maximumTimeStep: 0.1))
                let p = GrowthParameters(whiteMatterDiffusivity: 1, proliferationRate: 0.1)
                _ = solver.solve(parameters: p, initialValues: initial, outputTimes: [0.2])
                // (time for 20 steps − time for 10 steps) / 10: set-up and output copies cancel.
                var t10 = Double.infinity, t20 = Double.infinity
                for _ in 0..<3 {
                    t10 = min(t10, seconds { _ = solver.solve(parameters: p, initialValues: initial, outputTimes: [1.0]) })
                    t20 = min(t20, seconds { _ = solver.solve(parameters: p, initialValues: initial, outputTimes: [2.0]) })
                }
                let best = (t20 - t10) / 10
                let updates = n * n * n   // the active box is the whole tissue cube
                let rate = Double(updates) / best
                let gbs = rate * bytesPerUpdate(4) / 1e9
                print(String(format: "| %d³ | %d | %.2f | %.0f | %.2f | %.0f |", n, threads, best * 1000, rate / 1e6, gbs,
                             100 * gbs * 1e9 / (threads == 1 ? bandwidth.0 : bandwidth.1)))
            }
        }
    }
}
