import Calibration
import Foundation

/// `gliobayes predict RUN --days 30,90,180`: posterior predictive maps, volumes and target regions.
struct PredictCommand: Command {
    let name = "predict"
    let summary = "Posterior predictive of a finished run: maps, volume bands, radiotherapy target."
    let discussion = """
    Days count from the last scan. Writes RUN/predict/: mean-c-dayD, sd-c-dayD, p-visible-t1gd-dayD,
    p-visible-flair-dayD (NIfTI on the patient grid), volumes.csv (visible T1Gd/FLAIR volume against time:
    mean, 5/25/50/75/95 % quantiles, i.e. 50 % and 90 % bands), target-margin-15mm.nii.gz (T1Gd core of
    the last scan + 15 mm within brain) and target-model.nii.gz (the equal-volume region of highest
    posterior-mean c at the last scan, PREDICT-GBM style).
    """
    let options: [OptionSpec] = [
        .json,
        .value("days", valueName: "list", help: "Days after the last scan.", default: "30,90,180"),
        .value("draws", valueName: "N", help: "Posterior draws to propagate (evenly spaced over the pooled chains).", default: "100"),
        .value("threads", valueName: "T", help: "Worker threads.", default: "\(ProcessInfo.processInfo.activeProcessorCount)"),
    ]
    let positionals = [PositionalSpec("run", help: "Run folder written by gliobayes infer.")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let days = try arguments.dayList("days") ?? [30, 90, 180]
        guard days.allSatisfy({ $0 >= 0 }) else { throw UsageError.invalid("--days", "days after the last scan must be ≥ 0") }
        let draws = try arguments.int("draws", in: 1...100_000) ?? 100
        let threads = try arguments.int("threads", in: 1...1024) ?? 1
        let run = context.resolve(arguments.positional("run") ?? "")
        let outcome = try PosteriorPrediction.run(runFolder: run, days: days, draws: draws,
                                                  builtinAnatomy: BuiltinAnatomy.calibrationURLs(context: context), threads: threads,
                                                  log: { context.note($0) })
        if arguments.flag("json") {
            struct Report: Encodable { let files: [String]; let draws: Int; let standard_plan_mm3: Double; let model_plan_mm3: Double }
            try context.writeJSON(Report(files: outcome.files.map(\.path), draws: outcome.draws,
                                         standard_plan_mm3: outcome.standardPlanVolume, model_plan_mm3: outcome.modelPlanVolume))
        } else {
            for f in outcome.files { context.output(f.path) }
        }
        return .success
    }
}
