import Foundation

/// Writes draws as CmdStan CSV, one file per chain, in the layout of FORMATS.md (checked to load in
/// `arviz.from_cmdstan` and `cmdstanpy.from_csv`): a `#` configuration block declaring
/// `algorithm = fixed_param` (so readers do not expect Stan's HMC columns), extra `#` lines of ours
/// (sampler, seed, thinning, transforms, settings), the header `lp__,accept_stat__,<params>` (vector
/// components as `x0.1, x0.2, …`), one row per kept draw, and the timing footer cmdstanpy requires.
///
/// Numbers are written in Swift's shortest round-trip form (reading them back gives the same bits);
/// non-finite values as `nan`, `inf`, `-inf`. Files are written atomically.
public enum CmdStanCSVWriter {
    /// Writes every chain of `result` to `directory/<prefix>-<chain>.csv` (chains numbered from 1) and
    /// returns the URLs.
    /// - Parameters:
    ///   - space: maps draws to the natural scale and names the columns; nil writes the unconstrained
    ///     coordinates as `theta.1 … theta.n`.
    ///   - modelName: written as `model = <name>`.
    public static func write(_ result: SamplingResult, space: ParameterSpace?, modelName: String,
                             directory: URL, prefix: String = "chain") throws(InferenceError) -> [URL] {
        if let space { precondition(space.dimension == result.dimension, "space does not match the draws' dimension") }
        var urls = [URL]()
        for (index, chain) in result.chains.enumerated() {
            let url = directory.appendingPathComponent("\(prefix)-\(index + 1).csv")
            let text = render(chain: chain, chainIndex: index, result: result, space: space, modelName: modelName)
            try AtomicFile.write(Data(text.utf8), to: url)
            urls.append(url)
        }
        return urls
    }

    /// The file text for one chain.
    public static func render(chain: ChainDraws, chainIndex: Int, result: SamplingResult, space: ParameterSpace?,
                              modelName: String) -> String {
        let options = result.options
        let names = space?.columnNames ?? (1...chain.dimension).map { "theta.\($0)" }
        var lines = [String]()
        lines.append("# model = \(modelName)")
        lines.append("# method = sample (Default)")
        lines.append("#   sample")
        lines.append("#     num_samples = \(chain.count)")
        lines.append("#     num_warmup = \(max(1, options.warmupIterations))")
        lines.append("#     save_warmup = 0")
        lines.append("#     thin = 1")
        lines.append("#     adapt")
        lines.append("#       engaged = 0")
        lines.append("#     algorithm = fixed_param")
        lines.append("# id = \(chainIndex + 1)")
        lines.append("# gliobayes_sampler = \(result.samplerName)")
        lines.append("# gliobayes_seed = \(options.seed)")
        lines.append("# gliobayes_thin = \(options.thin)")
        lines.append("# gliobayes_warmup_iterations = \(options.warmupIterations)")
        lines.append("# gliobayes_iterations = \(result.iterations)")
        lines.append("# gliobayes_stop_reason = \(result.stopReason.rawValue)")
        for key in result.settings.keys.sorted() {
            lines.append("# gliobayes_setting_\(key) = \(result.settings[key] ?? "")")
        }
        if let space {
            lines.append("# gliobayes_transforms = " + zip(names, space.coordinateTransforms)
                .map { "\($0):\($1)" }.joined(separator: " "))
        } else {
            lines.append("# gliobayes_transforms = identity (unconstrained coordinates)")
        }
        if let logEvidence = result.logEvidence {
            lines.append("# gliobayes_log_evidence = \(format(logEvidence))")
            lines.append("# gliobayes_log_evidence_se = \(format(result.logEvidenceStandardError ?? .nan))")
        }
        if chainIndex < result.counters.count {
            let c = result.counters[chainIndex]
            lines.append("# gliobayes_proposals = \(c.proposals)")
            lines.append("# gliobayes_accepted = \(c.accepted)")
            lines.append("# gliobayes_non_finite_proposals = \(c.nonFiniteProposals)")
            lines.append("# gliobayes_log_density_evaluations = \(c.logDensityEvaluations)")
            if c.cheapEvaluations > 0 {
                lines.append("# gliobayes_cheap_evaluations = \(c.cheapEvaluations)")
                lines.append("# gliobayes_stage_one_acceptance = \(format(c.stageOneAcceptanceRate))")
                lines.append("# gliobayes_stage_two_acceptance = \(format(c.stageTwoAcceptanceRate))")
                lines.append("# gliobayes_expensive_evaluations_saved = \(c.expensiveEvaluationsSaved)")
            }
            if c.fastProposals > 0 {
                lines.append("# gliobayes_fast_proposals = \(c.fastProposals)")
                lines.append("# gliobayes_fast_acceptance = \(format(c.fastAcceptanceRate))")
            }
        }
        lines.append((["lp__", "accept_stat__"] + names).joined(separator: ","))
        for i in 0..<chain.count {
            let u = chain.draw(i)
            let x = space?.constrain(u) ?? u
            var row = format(chain.logDensities[i]) + "," + format(chain.acceptStats[i])
            for value in x { row += "," + format(value) }
            lines.append(row)
        }
        let total = result.warmupSeconds + result.samplingSeconds
        lines.append("# ")
        lines.append("#  Elapsed Time: \(String(format: "%.3f", result.warmupSeconds)) seconds (Warm-up)")
        lines.append("#                \(String(format: "%.3f", result.samplingSeconds)) seconds (Sampling)")
        lines.append("#                \(String(format: "%.3f", total)) seconds (Total)")
        lines.append("# ")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest round-trip decimal; `nan`, `inf`, `-inf` for non-finite values.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}
