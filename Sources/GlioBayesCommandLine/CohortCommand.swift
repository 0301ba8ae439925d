import Calibration
import Foundation

extension CohortError: ExitCodeProviding {
    public var exitCode: ExitCode {
        switch self {
        case .invalidManifest, .unreadableFolder: .inputFile
        case .writeFailed: .outputFile
        case .comparisonImpossible: .failure
        }
    }
}

extension GrowthCurveError: ExitCodeProviding {
    public var exitCode: ExitCode {
        switch self {
        case .unreadableFile: .inputFile
        case .invalidSeries: .failure
        case .invalidSetting: .usage
        }
    }
}

/// `gliobayes cohort`: one job per patient of a manifest, in parallel, resumable, with a cohort table.
struct CohortCommand: Command {
    let name = "cohort"
    let summary = "Fit every patient of a cohort manifest (parallel, resumable) and write a cohort table."
    let discussion = """
    MANIFEST is JSON ({"growth": {...}, "patients": [{"id", "cohort", "series"|"spec"|"days"+"values"}]}) or
    CSV: columns id (or patient/animal), cohort (or group), and spec or series paths, or long-format data
    with a time column (day/time) and a value column (value/volume/burden/bli_au), one row per measurement.
    Growth-curve patients are fitted with each --models law by transitional MCMC (log-evidence included).
    Output in --out:
      patients/<id>/run.json            status (complete/stopped/failed), converged, stop_reason, error,
                                        evidences, summaries
      patients/<id>/<model>/            chain-<k>.csv (CmdStan CSV), summary.csv/json, model.json
      cohort.csv, cohort.json           one row per patient: patient, cohort, status, converged (true/false,
                                        empty when unknown), stop_reason, model, best_model, primary-model
                                        summaries + diagnostics (<p>_mean ... <p>_ess_tail), log-evidences,
                                        wall_seconds, error
      evidence.csv                      log-evidence of every model per patient
    Re-running the same command skips patients whose run.json says complete, retries failed ones and
    continues stopped ones (specification patients that used up --infer-max-minutes) from their checkpoint.
    One failing patient is recorded and the others finish; the exit code is then 1. Otherwise the exit code
    is 4 when a patient stopped or did not meet its convergence rule.
    Options given here override the manifest's "growth" block.
    Patients given by a specification ("spec") run 'gliobayes infer' in-process (Calibration's InferenceJob,
    one thread each, --infer-sampler, default settings otherwise) into patients/<id>/patient/; an interrupted
    or stopped run is resumed from its checkpoint.

    Example: gliobayes cohort ../shared/data/mouse-bli/bli_untreated.csv --out runs/mouse --jobs 2
    """
    let options: [OptionSpec] = [
        .value("out", short: "o", valueName: "dir", help: "Cohort output folder (created if missing).", required: true),
        .value("jobs", short: "j", valueName: "n", help: "Patients run at the same time (default: all cores)."),
        .value("models", valueName: "list", help: "Growth models: exponential, logistic, gompertz, linear-radial, radial-rd (default: the first four)."),
        .value("primary", valueName: "model", help: "Model whose parameters fill the cohort table (default: exponential)."),
        .value("error", valueName: "kind", help: "relative-gaussian (default) or lognormal."),
        .value("noise", valueName: "s|sampled", help: "Fixed noise scale, or 'sampled' (log-uniform [0.01, 3]). Default 0.33 for relative-gaussian, sampled for lognormal."),
        .value("particles", valueName: "n", help: "TMCMC particles per run (default 1000)."),
        .value("runs", valueName: "n", help: "Independent TMCMC runs = chains (default 2)."),
        .value("seed", valueName: "n", help: "Base seed (default 1; each patient's seed also depends on its id)."),
        .value("infer-sampler", valueName: "name", help: "Sampler for specification patients (as gliobayes infer --sampler).", default: "adaptive-metropolis"),
        .value("infer-max-minutes", valueName: "M", help: "Wall-clock budget per specification patient (resumable)."),
        .json,
    ]
    let positionals = [PositionalSpec("manifest", help: "Cohort manifest (.json or .csv).")]

    private struct Summary: Encodable {
        let output: String
        let patients: Int
        let complete: Int
        let failed: [String: String]
        /// Patients stopped on --infer-max-minutes; the next invocation continues them.
        let stopped: [String]
        let notConverged: [String]
        let ran: Int
        let resumed: Int

        enum CodingKeys: String, CodingKey {
            case output, patients, complete, failed, stopped, ran, resumed
            case notConverged = "not_converged"
        }
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let manifestPath = arguments.positional("manifest") else {
            throw UsageError.missingArgument("manifest", command: arguments.commandPath)
        }
        let manifestURL = context.resolve(manifestPath)
        let output = context.resolve(try arguments.requiredString("out"))
        let jobs = try arguments.int("jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        let manifest = try CohortManifest.read(manifestURL)
        let growth = try Self.growthSettings(arguments, base: manifest.growth)

        var inference = InferenceSettings()
        let samplerName = try arguments.choice("infer-sampler", among: InferenceSettings.SamplerKind.allCases.map(\.rawValue)) ?? "adaptive-metropolis"
        inference.sampler = InferenceSettings.SamplerKind(rawValue: samplerName) ?? .adaptiveMetropolis
        inference.maximumMinutes = try arguments.double("infer-max-minutes", in: 0.001...1e7)
        inference.seed = growth.fit.seed
        inference.threads = 1
        let specificationJob = SpecificationPatientJob.make(settings: inference, builtinAnatomy: BuiltinAnatomy.calibrationURLs(context: context),
                                                            command: "gliobayes cohort")

        let progress = context.progress("patients", total: manifest.patients.count)
        let counts = Counter()
        let table = try CohortRunner(manifest: manifest, growth: growth, output: output, jobs: jobs,
                                     specificationJob: specificationJob).run { id, outcome, record in
            counts.add(outcome)
            if outcome == .failed { context.warning("patient \(id): \(record.error ?? "failed")") }
            if outcome == .stopped { context.note("patient \(id): stopped on --infer-max-minutes; run again to continue it") }
            progress.advance()
        }
        progress.finish()
        let failed = table.records.filter { $0.status == "failed" }
        let stopped = table.records.filter(\.isStopped)
        let unconverged = table.records.filter { $0.converged == false }
        if arguments.flag("json") {
            try context.writeJSON(Summary(output: output.path, patients: table.records.count,
                                          complete: table.records.filter(\.isComplete).count,
                                          failed: Dictionary(uniqueKeysWithValues: failed.map { ($0.patient, $0.error ?? "") }),
                                          stopped: stopped.map(\.patient), notConverged: unconverged.map(\.patient),
                                          ran: counts.value(.ran), resumed: counts.value(.resumed)))
        } else {
            context.output("patient\tcohort\tstatus\tbest_model\t\(growth.primaryModel) rate (median [5%, 95%])\tconverged")
            for r in table.records {
                let primary = r.models.first { $0.name == r.primaryModel }
                let rate = primary?.summaries.first { $0.name == primary?.rateName }
                let rateText = rate.map { String(format: "%.4g [%.4g, %.4g]", $0.q50, $0.q5, $0.q95) } ?? "-"
                let converged = r.converged.map { $0 ? "yes" : "no" } ?? "-"
                context.output("\(r.patient)\t\(r.cohort)\t\(r.status)\t\(CohortTable.bestModel(r) ?? "-")\t\(rateText)\t\(converged)")
            }
            let complete = table.records.filter(\.isComplete).count
            let stoppedText = stopped.isEmpty ? "" : ", \(stopped.count) stopped on --infer-max-minutes: run again to continue them"
            context.note("\(complete) of \(table.records.count) patients complete (\(counts.value(.resumed)) resumed\(stoppedText)); table in \(output.appendingPathComponent("cohort.csv").path)")
        }
        if !failed.isEmpty { return .failure }
        return stopped.isEmpty && unconverged.isEmpty ? .success : .notConverged
    }

    /// Manifest settings (or defaults) overridden by the options given.
    static func growthSettings(_ arguments: ParsedArguments, base: GrowthJobSettings?) throws -> GrowthJobSettings {
        let defaults = try base ?? GrowthJobSettings()
        let models = arguments.string("models").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            ?? defaults.models
        var errorModel = defaults.errorModel
        if arguments.isGiven("error") || arguments.isGiven("noise") {
            let kind = try arguments.choice("error", among: ["relative-gaussian", "lognormal"]) ?? defaults.errorModel.kind
            let noiseText = arguments.string("noise") ?? (kind == "relative-gaussian" ? "0.33" : "sampled")
            var fixed: Double?
            if noiseText != "sampled" {
                guard let v = ValueParsing.double(noiseText), v > 0 else {
                    throw UsageError.invalidValue(option: "--noise", value: noiseText, expected: "a positive number or 'sampled'")
                }
                fixed = v
            }
            errorModel = try GrowthJobSettings.errorModel(kind: kind, fixedScale: fixed)
        }
        var fit = defaults.fit
        fit.particles = try arguments.int("particles", in: 10...1_000_000) ?? fit.particles
        fit.runs = try arguments.int("runs", in: 1...64) ?? fit.runs
        if let seed = try arguments.int("seed", in: 0...Int.max) { fit.seed = UInt64(seed) }
        let primary = arguments.string("primary") ?? (models.contains(defaults.primaryModel) ? defaults.primaryModel : models[0])
        do {
            return try GrowthJobSettings(models: models, primaryModel: primary, errorModel: errorModel, fit: fit)
        } catch {
            throw UsageError.invalidValue(option: "--models/--primary", value: models.joined(separator: ","), expected: error.description)
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = [CohortRunner.Outcome: Int]()
        func add(_ o: CohortRunner.Outcome) { lock.lock(); counts[o, default: 0] += 1; lock.unlock() }
        func value(_ o: CohortRunner.Outcome) -> Int { lock.lock(); defer { lock.unlock() }; return counts[o] ?? 0 }
    }
}
