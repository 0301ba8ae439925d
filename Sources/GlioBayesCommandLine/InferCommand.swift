import Calibration
import Foundation

/// `gliobayes infer SPEC.json --out RUN`: posterior of a patient's growth parameters.
struct InferCommand: Command {
    let name = "infer"
    let summary = "Infer a patient's growth parameters from a specification (writes a run folder)."
    let discussion = """
    Reads the patient specification (JSON; see examples/builtin/README.md), samples the posterior of the
    free parameters and writes RUN/: resolved-spec.json, chain-<k>.csv (CmdStan CSV), summary.csv and
    summary.json (mean, sd, 5/50/95 %, R-hat, ESS, MCSE, log-evidence for tmcmc), sampler.json
    (acceptance, forward solves per resolution, wall time), checkpoint.json, and run.json last
    ("status": "complete"). Exit code 4 when the convergence rule (R-hat < 1.01, bulk-ESS >= 400) is not met.
    --max-minutes stops the run with its draws written; --resume continues it from the checkpoint.
    Samplers: adaptive-metropolis (default), fast-slow (one time-rescaled forward run per
    iteration for D_w/rho and the seed, then --fast-moves cheap moves of rho, T and the imaging
    parameters on it), delayed-acceptance (screens proposals on the model.screen_resolution_mm grid,
    default 4 mm), ensemble, tmcmc (gives the log-evidence).
    """
    let options: [OptionSpec] = [
        .json,
        .value("out", short: "o", valueName: "RUN", help: "Run folder to create (or to continue with --resume).", required: true),
        .value("sampler", valueName: "name", help: "adaptive-metropolis, fast-slow, delayed-acceptance, ensemble or tmcmc.", default: "adaptive-metropolis"),
        .value("fast-moves", valueName: "n", help: "fast-slow: cheap moves per forward run.", default: "10"),
        .value("chains", valueName: "n", help: "Chains (TMCMC: independent populations).", default: "4"),
        .value("warmup", valueName: "n", help: "Warm-up iterations per chain.", default: "1000"),
        .value("samples", valueName: "n", help: "Post-warm-up iterations per chain at most (stops earlier once converged).", default: "2000"),
        .value("particles", valueName: "n", help: "TMCMC particles per population.", default: "500"),
        .value("seed", valueName: "S", help: "Run seed (draws are identical for any thread count).", default: "1"),
        .value("threads", valueName: "T", help: "Worker threads.", default: "\(ProcessInfo.processInfo.activeProcessorCount)"),
        .value("max-minutes", valueName: "M", help: "Wall-clock budget; stops with outputs written (resumable)."),
        .flag("resume", help: "Continue the run in --out from its checkpoint."),
    ]
    let positionals = [PositionalSpec("spec", help: "Patient specification (JSON).")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        var settings = InferenceSettings()
        let samplerName = try arguments.choice("sampler", among: InferenceSettings.SamplerKind.allCases.map(\.rawValue)) ?? "adaptive-metropolis"
        settings.sampler = InferenceSettings.SamplerKind(rawValue: samplerName) ?? .adaptiveMetropolis
        settings.chains = try arguments.int("chains", in: 1...1024) ?? 4
        settings.warmup = try arguments.int("warmup", in: 0...10_000_000) ?? 1000
        settings.samples = try arguments.int("samples", in: 1...10_000_000) ?? 2000
        settings.particles = try arguments.int("particles", in: 2...1_000_000) ?? 500
        settings.fastMoves = try arguments.int("fast-moves", in: 0...100_000) ?? 10
        settings.seed = try arguments.value("seed", expected: "a non-negative integer") { UInt64($0) } ?? 1
        settings.threads = try arguments.int("threads", in: 1...1024) ?? 1
        settings.maximumMinutes = try arguments.double("max-minutes", in: 0.001...1e7)
        settings.resume = arguments.flag("resume")
        let spec = context.resolve(arguments.positional("spec") ?? "")
        let out = context.resolve(try arguments.requiredString("out"))
        let quietJSON = arguments.flag("json")
        let outcome = try InferenceJob.run(specificationURL: spec, runFolder: out, settings: settings,
                                           builtinAnatomy: BuiltinAnatomy.calibrationURLs(context: context),
                                           command: "gliobayes infer " + CommandLine.arguments.dropFirst(2).joined(separator: " "),
                                           log: { message in context.note(message) })
        if quietJSON {
            struct Report: Encodable { let run: String; let converged: Bool; let stop_reason: String; let wall_seconds: Double; let forward_solves: [String: Int] }
            try context.writeJSON(Report(run: out.path, converged: outcome.isConverged, stop_reason: outcome.stopReason, wall_seconds: outcome.wallSeconds,
                                         forward_solves: Dictionary(uniqueKeysWithValues: outcome.solves.map { ("\($0.key)mm", $0.value) })))
        } else {
            context.output(String(format: "%-10@ %10@ %10@ %10@ %10@ %7@ %8@", "parameter" as NSString, "mean" as NSString, "sd" as NSString,
                                  "q5" as NSString, "q95" as NSString, "r_hat" as NSString, "ess_bulk" as NSString))
            for s in outcome.summaries {
                context.output(String(format: "%-10@ %10.4g %10.4g %10.4g %10.4g %7.3f %8.0f", s.name as NSString, s.mean, s.standardDeviation, s.q5, s.q95, s.rHat, s.bulkESS))
            }
            if let z = outcome.logEvidence { context.output(String(format: "log-evidence %.3f", z)) }
            let solves = outcome.solves.sorted { $0.key < $1.key }.map { "\($0.value) at \($0.key) mm" }.joined(separator: ", ")
            // stopReason: converged (the rule stopped it), budget (all iterations done) or requested (--max-minutes).
            let stop = outcome.stopReason == "converged" ? "" : "stopped by \(outcome.stopReason == "requested" ? "--max-minutes" : "the iteration budget"), "
            context.output("run folder \(out.path): \(stop)\(outcome.isConverged ? "converged" : "NOT converged"), "
                           + String(format: "%.1f s, forward solves: %@", outcome.wallSeconds, solves as NSString))
        }
        return outcome.isConverged ? .success : .notConverged
    }
}
