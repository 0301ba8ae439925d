import Calibration
import Foundation
import Imaging

/// `gliobayes synthesize`: a synthetic patient with known parameters (built-in example, recovery study).
struct SynthesizeCommand: Command {
    let name = "synthesize"
    let summary = "Make a synthetic patient (T1Gd + FLAIR masks at given days) with known growth parameters."
    let discussion = """
    Simulates the forward model on the anatomy (built-in MNI maps unless --white-matter/--grey-matter are
    given) with the same conventions the likelihood uses, and on each day draws the T1Gd / FLAIR masks
    from c: Bernoulli with the double-logistic link (default; the model infer fits) or exact thresholds
    (--observation threshold, as simulate does). Writes OUT/t1gd-dayN.nii.gz, flair-dayN.nii.gz, truth.json and spec.json (ready for infer).
    """
    let options: [OptionSpec] = [
        .value("out", short: "o", valueName: "DIR", help: "Folder to write.", required: true),
        .value("white-matter", valueName: "file", help: "White-matter map (default: built-in)."),
        .value("grey-matter", valueName: "file", help: "Grey-matter map (default: built-in)."),
        .value("D-w", valueName: "mm2/day", help: "White-matter diffusivity.", default: "0.2"),
        .value("rho", valueName: "1/day", help: "Proliferation rate.", default: "0.03"),
        .value("age", valueName: "days", help: "Days from seed to the first scan (T).", default: "300"),
        .value("seed-point", valueName: "x,y,z", help: "Seed in world mm.", default: "-30,-10,20"),
        .value("theta-t1", valueName: "θ", help: "T1Gd visibility threshold.", default: "0.7"),
        .value("theta-flair", valueName: "θ", help: "FLAIR visibility threshold.", default: "0.25"),
        .value("days", valueName: "list", help: "Scan days after the first scan.", default: "0,60"),
        .value("resolution", valueName: "mm", help: "Simulation and inference grid (1, 2 or 4 mm).", default: "4"),
        .value("observation", valueName: "model", help: "threshold (visible iff c >= θ) or link (Bernoulli draws from the double-logistic link).", default: "link"),
        .value("sigma-alpha", valueName: "σ", help: "Link width for --observation link.", default: "0.05"),
        .value("noise-seed", valueName: "S", help: "Seed of the Bernoulli draws.", default: "1"),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let out = context.resolve(try arguments.requiredString("out"))
        // Never mix a synthetic patient into another folder's files (e.g. an infer run folder); an earlier
        // synthetic patient (truth.json) may be overwritten.
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        if !existing.isEmpty && !existing.contains("truth.json") {
            throw CommandFailure.outputFile(out.path, "folder exists and holds other files; choose a new --out")
        }
        let seed = try arguments.triple("seed-point") ?? SIMD3(-30, -10, 20)
        let truth = SyntheticPatient.Truth(D_w: try arguments.double("D-w", in: 1e-4...100) ?? 0.2,
                                           rho: try arguments.double("rho", in: 1e-5...10) ?? 0.03,
                                           T: try arguments.double("age", in: 1...10_000) ?? 300,
                                           x0: [seed.x, seed.y, seed.z],
                                           theta_T1: try arguments.double("theta-t1", in: 0.001...0.999) ?? 0.7,
                                           theta_FL: try arguments.double("theta-flair", in: 0.001...0.999) ?? 0.25)
        let days = try arguments.dayList("days") ?? [0, 60]
        let resolution = try arguments.int("resolution", in: 1...4) ?? 4
        guard [1, 2, 4].contains(resolution) else { throw UsageError.invalid("--resolution", "must be 1, 2 or 4") }
        guard days.first == 0, zip(days, days.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw UsageError.invalid("--days", "must start at 0 and increase")
        }
        let wmURL: URL, gmURL: URL, anatomy: PatientSpecification.Anatomy
        guard (arguments.string("white-matter") == nil) == (arguments.string("grey-matter") == nil) else {
            throw UsageError.invalid(arguments.string("white-matter") == nil ? "--white-matter" : "--grey-matter",
                                     "is needed too: give both --white-matter and --grey-matter, or neither for the built-in anatomy")
        }
        if let w = arguments.string("white-matter"), let g = arguments.string("grey-matter") {
            wmURL = context.resolve(w); gmURL = context.resolve(g)
            anatomy = .files(whiteMatter: wmURL.path, greyMatter: gmURL.path, csf: nil)
        } else {
            let a = try BuiltinAnatomy.locate(context: context)
            wmURL = a.whiteMatterURL; gmURL = a.greyMatterURL; anatomy = .builtin
        }
        let wm: Volume<Double>, gm: Volume<Double>
        do { wm = try NIfTIFile.readVolume(wmURL); gm = try NIfTIFile.readVolume(gmURL) } catch {
            throw CommandFailure.inputFile(wmURL.path, error)
        }
        let observation = try arguments.choice("observation", among: ["threshold", "link"]) ?? "link"
        let sigmaAlpha = try arguments.double("sigma-alpha", in: 1e-4...1) ?? 0.05
        let noiseSeed = try arguments.value("noise-seed", expected: "a non-negative integer") { UInt64($0) } ?? 1
        let spec = try SyntheticPatient.write(whiteMatter: wm, greyMatter: gm, anatomy: anatomy, truth: truth, days: days,
                                              resolutionMillimeters: resolution, folder: out,
                                              noise: observation == "link" ? (.doubleLogistic, sigmaAlpha, noiseSeed) : nil)
        context.output(spec.path)
        return .success
    }
}
