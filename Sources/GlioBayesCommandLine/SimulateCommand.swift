import Foundation
import Imaging
import TumorModel

/// `gliobayes simulate`: one forward run of the proliferation–invasion model on an anatomy, writing the
/// density and the thresholded T1Gd / FLAIR masks at each requested day, and a JSON record of the run.
struct SimulateCommand: Command {
    let name = "simulate"
    let summary = "Run the tumour growth model forward on an anatomy and write c, T1Gd and FLAIR maps."
    let discussion = """
    Solves dc/dt = div(D grad c) + rho c (1 - c) with D = D_w (WM) and D_w/ratio (GM), no flux out of
    the tissue, from a small blob at --seed, and writes into --out, for each day T in --days:
      density_day<T>.nii.gz   c in [0, 1], float32, on the anatomy's grid and affine
      t1gd_day<T>.nii.gz      uint8 mask c >= --t1-threshold (T1Gd-visible tumour)
      flair_day<T>.nii.gz     uint8 mask c >= --flair-threshold (FLAIR-visible tumour)
    and simulate.json (everything that was run: inputs, parameters, numerics, outputs, volumes).
    --anatomy is a folder holding WM.nii[.gz] and GM.nii[.gz] (optional CSF.nii[.gz]) with fractions in
    [0, 1], or 'builtin' for the MNI ICBM152 2009a maps (uint8 / 255). Voxels with WM+GM below
    --min-tissue, or where CSF exceeds WM+GM, are outside the brain.
    --seed is in world millimetres (the images' affine) unless --seed-space voxel (voxels of the
    simulation grid). --resolution 2 or 4 runs on the anatomy block-averaged to that spacing (the
    same patient on a coarser grid, as inference does); outputs are then on that grid, with its affine.
    Progress goes to stderr; all files are written atomically.

    Example: gliobayes simulate --anatomy builtin --seed 30,-20,15 --dw 0.13 --rho 0.025 --days 300,360 --out run1
    """
    let options: [OptionSpec] = [
        .value("anatomy", valueName: "dir|builtin", help: "Folder with WM/GM maps, or 'builtin'.", default: "builtin"),
        .value("seed", valueName: "x,y,z", help: "Tumour origin (world mm, or voxels with --seed-space voxel).", required: true),
        .value("seed-space", valueName: "space", help: "world or voxel.", default: "world"),
        .value("dw", valueName: "mm2/day", help: "White-matter diffusivity D_w (mm²/day).", required: true),
        .value("rho", valueName: "1/day", help: "Proliferation rate (1/day).", required: true),
        .value("days", valueName: "list", help: "Output days after seeding, comma-separated (e.g. 300,360).", required: true),
        .value("out", short: "o", valueName: "dir", help: "Output folder (created if missing).", required: true),
        .value("ratio", valueName: "r", help: "D_w / D_g.", default: "10"),
        .value("fractions", valueName: "rule", help: "renormalised (p_w = WM/(WM+GM), GliomaSolver) or raw.", default: "renormalised"),
        .value("min-tissue", valueName: "p", help: "Minimum WM+GM for a voxel to be brain.", default: "0.5"),
        .value("initial", valueName: "shape", help: "gaussian (a·exp(−r²/2σ²)) or ball (GliomaSolver's smoothed ball).", default: "gaussian"),
        .value("sigma", valueName: "mm", help: "Gaussian σ in mm (default 1.5 voxels)."),
        .value("amplitude", valueName: "a", help: "Gaussian peak value.", default: "0.5"),
        .value("t1-threshold", valueName: "θ", help: "T1Gd visibility threshold on c.", default: "0.8"),
        .value("flair-threshold", valueName: "θ", help: "FLAIR visibility threshold on c.", default: "0.16"),
        .value("precision", valueName: "p", help: "float32 (default, fast) or float64.", default: "float32"),
        .value("threads", valueName: "n", help: "Worker threads (default: all cores)."),
        .value("resolution", valueName: "mm", help: "Simulation grid spacing: the anatomy's own (default) or a whole multiple of it (e.g. 2 or 4)."),
        .json,
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let started = context.clock()
        let anatomySpec = arguments.string("anatomy") ?? "builtin"
        guard let seed = try arguments.triple("seed") else { throw UsageError.missingOption("--seed", command: arguments.commandPath) }
        let seedSpace = try arguments.choice("seed-space", among: ["world", "voxel"]) ?? "world"
        guard let dw = try arguments.double("dw", in: 1e-6...1e3) else { throw UsageError.missingOption("--dw", command: arguments.commandPath) }
        guard let rho = try arguments.double("rho", in: 0...10) else { throw UsageError.missingOption("--rho", command: arguments.commandPath) }
        guard let days = try arguments.dayList("days"), !days.isEmpty else {
            throw UsageError.missingOption("--days", command: arguments.commandPath)
        }
        guard days.allSatisfy({ $0 >= 0 }), zip(days, days.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw UsageError.invalidValue(option: "--days", value: arguments.string("days") ?? "",
                                          expected: "non-negative days in increasing order")
        }
        let outPath = try arguments.requiredString("out")
        let ratio = try arguments.double("ratio", in: 1...1000) ?? 10
        let fractions = try arguments.choice("fractions", among: ["renormalised", "raw"]) ?? "renormalised"
        let minimumTissue = try arguments.double("min-tissue", in: 0...2) ?? 0.5
        let initialShape = try arguments.choice("initial", among: ["gaussian", "ball"]) ?? "gaussian"
        let amplitude = try arguments.double("amplitude", in: 1e-6...1) ?? 0.5
        let t1Threshold = try arguments.double("t1-threshold", in: 1e-6...1) ?? 0.8
        let flairThreshold = try arguments.double("flair-threshold", in: 1e-6...1) ?? 0.16
        let precision = try arguments.choice("precision", among: ["float32", "float64"]) ?? "float32"
        let threads = try arguments.int("threads", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount

        // Anatomy.
        var anatomy = try SimulationAnatomy.load(anatomySpec, context: context, minimumTissue: minimumTissue)
        if let resolution = try arguments.double("resolution", in: 1e-3...100) {
            let native = anatomy.tissue.grid.spacingMillimeters
            let ratio = resolution / native.x
            guard abs(native.x - native.y) < 1e-3 * native.x, abs(native.x - native.z) < 1e-3 * native.x,
                  ratio > 1 - 1e-6, abs(ratio - ratio.rounded()) < 1e-3 else {
                throw UsageError.invalidValue(option: "--resolution", value: arguments.string("resolution") ?? "",
                                              expected: "a whole multiple of the anatomy's isotropic spacing \(native.x)×\(native.y)×\(native.z) mm")
            }
            anatomy = anatomy.blockAveraged(factor: Int(ratio.rounded()), minimumTissue: minimumTissue)
        }
        let grid = anatomy.tissue.grid
        let seedPoint: SeedPoint = seedSpace == "world" ? .world(seed) : .voxel(seed)
        guard let seedVoxel = seedPoint.voxelIndex(on: grid) else {
            throw CommandFailure(anatomy.description, "the images' affine is singular", exitCode: .inputFile)
        }
        let nearest = SIMD3<Int>(Int(seedVoxel.x.rounded()), Int(seedVoxel.y.rounded()), Int(seedVoxel.z.rounded()))
        guard all(nearest .>= 0) && all(nearest .< grid.shape) else {
            throw UsageError.invalidValue(option: "--seed", value: arguments.string("seed") ?? "",
                                          expected: "a point inside the anatomy (voxel \(format(seedVoxel)) is outside the grid \(grid.shape.x)×\(grid.shape.y)×\(grid.shape.z))")
        }
        guard anatomy.tissue.isTissue(grid.index(nearest.x, nearest.y, nearest.z)) else {
            throw UsageError.invalidValue(option: "--seed", value: arguments.string("seed") ?? "",
                                          expected: "a point in brain tissue (voxel \(nearest.x),\(nearest.y),\(nearest.z) is not WM/GM)")
        }
        let minimumSpacing = grid.spacingMillimeters.min()
        let sigma = try arguments.double("sigma", in: 1e-3...100) ?? 1.5 * minimumSpacing
        let initial: InitialCondition = initialShape == "gaussian"
            ? .gaussian(center: seedPoint, sigmaMillimeters: sigma, amplitude: amplitude)
            : .gliomaSolverBall(center: seedPoint)

        // Solve.
        let parameters = GrowthParameters(whiteMatterDiffusivity: dw, proliferationRate: rho)
        let convention: TissueMaps.FractionConvention = fractions == "raw" ? .raw : .renormalised
        let options = SolverOptions(threadCount: threads)
        let progress = context.progress("simulate", total: days.count)
        let run: SimulationRun = precision == "float32"
            ? SimulationRun(TumorDomain<Float>(tissue: anatomy.tissue, diffusivityRatio: ratio, convention: convention),
                            options: options, parameters: parameters, initial: initial, days: days, progress: progress)
            : SimulationRun(TumorDomain<Double>(tissue: anatomy.tissue, diffusivityRatio: ratio, convention: convention),
                            options: options, parameters: parameters, initial: initial, days: days, progress: progress)
        progress.finish()

        // Write.
        let outURL = context.resolve(outPath)
        do {
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.outputFile(outPath, "cannot create the folder (\(error.localizedDescription))")
        }
        var outputs: [SimulationRecord.Output] = []
        let voxelVolume = grid.voxelVolumeCubicMillimeters
        for (k, day) in days.enumerated() {
            let c = run.densities[k]
            let label = Self.dayLabel(day)
            let files = ["density_day\(label).nii.gz", "t1gd_day\(label).nii.gz", "flair_day\(label).nii.gz"]
            let t1 = c.map { $0 >= Float(t1Threshold) ? 1.0 : 0.0 }
            let flair = c.map { $0 >= Float(flairThreshold) ? 1.0 : 0.0 }
            try write(Volume(grid: grid, values: c), files[0], in: outURL, datatype: .float32,
                      description: "GlioBayes c day \(label)")
            try write(Volume(grid: grid, values: t1.map(Float.init)), files[1], in: outURL, datatype: .uint8,
                      description: "c >= \(t1Threshold) day \(label)")
            try write(Volume(grid: grid, values: flair.map(Float.init)), files[2], in: outURL, datatype: .uint8,
                      description: "c >= \(flairThreshold) day \(label)")
            outputs.append(SimulationRecord.Output(
                day: day, density: files[0], t1gd: files[1], flair: files[2],
                maximum: Double(c.max() ?? 0), massCubicMillimeters: c.reduce(0.0) { $0 + Double($1) } * voxelVolume,
                t1gdVolumeCubicMillimeters: t1.reduce(0, +) * voxelVolume,
                flairVolumeCubicMillimeters: flair.reduce(0, +) * voxelVolume))
        }
        let record = SimulationRecord(
            tool: "gliobayes simulate", version: GlioBayesVersion.string,
            anatomy: .init(source: anatomy.description, whiteMatter: anatomy.whiteMatterPath, greyMatter: anatomy.greyMatterPath,
                           csf: anatomy.csfPath, valueScale: anatomy.valueScale, shape: [grid.shape.x, grid.shape.y, grid.shape.z],
                           spacingMillimeters: [grid.spacingMillimeters.x, grid.spacingMillimeters.y, grid.spacingMillimeters.z],
                           affine: stride(from: 0, to: 12, by: 4).map { Array(grid.affine.rows[$0..<($0 + 4)]) },
                           minimumTissueFraction: minimumTissue, fractionRule: fractions, tissueVoxels: run.tissueVoxels),
            model: .init(whiteMatterDiffusivity: dw, greyMatterDiffusivity: dw / ratio, diffusivityRatio: ratio,
                         proliferationRate: rho, equation: "dc/dt = div(D grad c) + rho c (1 - c), no flux at the tissue boundary"),
            seed: .init(space: seedSpace, given: [seed.x, seed.y, seed.z],
                        worldMillimeters: { let w = seedPoint.worldMillimeters(on: grid); return [w.x, w.y, w.z] }(),
                        voxel: [seedVoxel.x, seedVoxel.y, seedVoxel.z]),
            initialCondition: initialShape == "gaussian"
                ? .init(shape: "gaussian", sigmaMillimeters: sigma, amplitude: amplitude, radiusMillimeters: nil, widthMillimeters: nil)
                : .init(shape: "smoothed ball (GliomaSolver)", sigmaMillimeters: nil, amplitude: nil, radiusMillimeters: 1.28, widthMillimeters: 4),
            numerics: .init(scheme: "Strang splitting: exact logistic flow + explicit flux-form diffusion (harmonic faces)",
                            precision: precision, threads: threads, timeStepSafety: options.timeStepSafety,
                            largestTimeStepDays: run.statistics.largestTimeStep, steps: run.statistics.steps,
                            voxelUpdates: run.statistics.voxelUpdates, activeRegionThreshold: options.activeRegionThreshold,
                            activeRegionMargin: options.activeRegionMargin, wallSeconds: context.clock() - started),
            thresholds: .init(t1gd: t1Threshold, flair: flairThreshold),
            outputs: outputs)
        let json = try CommandContext.jsonString(record)
        do {
            try AtomicFile.write(Data((json + "\n").utf8), to: outURL.appendingPathComponent("simulate.json"))
        } catch {
            throw CommandFailure.outputFile(outURL.appendingPathComponent("simulate.json").path, "\(error)")
        }
        if arguments.flag("json") {
            context.output(json)
        } else {
            for o in outputs {
                context.output(String(format: "day %@: max c %.3f, T1Gd %.1f cm³, FLAIR %.1f cm³", Self.dayLabel(o.day), o.maximum,
                                      o.t1gdVolumeCubicMillimeters / 1000, o.flairVolumeCubicMillimeters / 1000))
            }
            context.note("wrote \(days.count * 3) images and simulate.json to \(outPath)")
        }
        return .success
    }

    /// `300` for whole days, `300.5` otherwise.
    static func dayLabel(_ day: Double) -> String {
        day == day.rounded() && abs(day) < 1e9 ? String(Int(day)) : String(day)
    }

    private func write(_ volume: Volume<Float>, _ file: String, in folder: URL, datatype: NIfTIDatatype, description: String) throws {
        let url = folder.appendingPathComponent(file)
        do {
            try NIfTIFile.write(volume, to: url, datatype: datatype, description: description)
        } catch {
            throw CommandFailure.outputFile(url.path, "\(error)")
        }
    }

    private func format(_ v: SIMD3<Double>) -> String { String(format: "%.1f,%.1f,%.1f", v.x, v.y, v.z) }
}

/// The densities of one run on the patient grid (Float32 either way; Float64 runs are rounded on output).
private struct SimulationRun {
    var densities: [[Float]] = []
    var statistics = SolverStatistics()
    var tissueVoxels = 0

    init<S: SolverScalar>(_ domain: TumorDomain<S>, options: SolverOptions, parameters: GrowthParameters,
                          initial: InitialCondition, days: [Double], progress: Progress) {
        let solver = ForwardSolver(domain: domain, options: options)
        let solution = solver.solve(parameters: parameters, initialValues: initial.values(on: domain), outputTimes: days,
                                    progress: { _ in progress.advance() })
        densities = solution.snapshots.map { domain.patientVolume(from: $0, zero: 0).values.map { Float($0) } }
        statistics = solution.statistics
        tissueVoxels = domain.tissueVoxelCount
    }
}
