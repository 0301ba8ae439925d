import Calibration
import Foundation
import Inference

/// `gliobayes compare`: population estimates per cohort from cohort folders, their differences, and an
/// HTML report.
struct CompareCommand: Command {
    let name = "compare"
    let summary = "Compare cohorts: hierarchical population estimates, differences, and an HTML report."
    let discussion = """
    Reads the cohort folders written by 'gliobayes cohort' and, for each cohort (the patients' cohort labels,
    or each folder with --group-by folder) and each parameter, fits a hierarchical normal population model to
    the log-parameter: each patient's posterior draws are reweighted by N(θ; μ, τ²)/prior(θ) (the patient's
    prior divided out; Lunn et al. 2013), and (μ, log τ) are sampled by adaptive Metropolis under μ ~ N(0, 10²),
    τ ~ half-normal(2.5). Differences μ_A − μ_B come with a credible interval and P(μ_A − μ_B > 0).
    Output in --out: comparison.json, population.csv, differences.csv, report.html (forest plots per patient,
    population densities; self-contained). Warnings flag patients whose reweighted draws collapse.

    Example: gliobayes compare runs/mouse --out runs/mouse-compare
    """
    let options: [OptionSpec] = [
        .value("out", short: "o", valueName: "dir", help: "Comparison output folder.", required: true),
        .value("model", valueName: "name", help: "Model to compare (default: each patient's primary model)."),
        .value("parameters", valueName: "list", help: "Parameters to model (default: the model's growth rate)."),
        .value("group-by", valueName: "how", help: "cohort (label in the manifest) or folder.", default: "cohort"),
        .value("level", valueName: "p", help: "Credible level of the difference intervals.", default: "0.95"),
        .value("draws-per-patient", valueName: "n", help: "Posterior draws kept per patient.", default: "1000"),
        .value("iterations", valueName: "n", help: "Kept iterations per chain of the population sampler.", default: "4000"),
        .value("seed", valueName: "n", help: "Seed of the population sampler.", default: "1"),
        .json,
    ]
    let positionals = [PositionalSpec("folders", arity: .oneOrMore, help: "Cohort folders (outputs of 'gliobayes cohort').")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let folders = arguments.positionalList("folders").map { context.resolve($0) }
        let output = context.resolve(try arguments.requiredString("out"))
        let grouping = CohortComparison.Grouping(rawValue: try arguments.choice("group-by", among: ["cohort", "folder"]) ?? "cohort") ?? .cohort
        let level = try arguments.double("level", in: 0.5...0.999) ?? 0.95
        let iterations = try arguments.int("iterations", in: 100...1_000_000) ?? 4000
        let settings = PopulationFitSettings(drawsPerUnit: try arguments.int("draws-per-patient", in: 10...1_000_000) ?? 1000,
                                             chains: 4, warmupIterations: max(500, iterations / 2),
                                             samplingIterations: iterations,
                                             seed: UInt64(try arguments.int("seed", in: 0...Int.max) ?? 1))
        let parameters = arguments.string("parameters").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let comparison = try CohortComparison.compute(folders: folders, model: arguments.string("model"), parameters: parameters,
                                                      grouping: grouping, settings: settings, level: level)
        try comparison.write(to: output)
        let html = CompareReport.render(comparison, folders: folders.map(\.path))
        try CohortComparison.writeFile(html, to: output.appendingPathComponent("report.html"))
        for w in comparison.warnings { context.warning(w) }
        if arguments.flag("json") {
            try context.writeJSON(comparison.report)
        } else {
            context.output("group\tparameter\tpatients\tmu (mean [2.5%, 97.5%])\ttau (median)")
            for group in comparison.groups {
                for (k, fit) in group.fits.enumerated() {
                    let mu = fit.pooledMean.sorted()
                    context.output(String(format: "%@\t%@\t%d\t%.4g [%.4g, %.4g]\t%.3g", group.name, comparison.labels[k], fit.unitNames.count,
                                          fit.meanSummary.mean, Diagnostics.quantile([mu], probability: 0.025),
                                          Diagnostics.quantile([mu], probability: 0.975), fit.standardDeviationSummary.q50))
                }
            }
            context.output("")
            context.output("parameter\tdifference\tmean [\(Int(level * 100))% interval]\tP(>0)")
            for d in comparison.differences {
                context.output(String(format: "%@\t%@ − %@\t%.4g [%.4g, %.4g]\t%.3f", d.parameter, d.groupA, d.groupB, d.mean, d.lower,
                                      d.upper, d.probabilityPositive))
            }
            context.note("report in \(output.appendingPathComponent("report.html").path)")
        }
        return .success
    }
}
