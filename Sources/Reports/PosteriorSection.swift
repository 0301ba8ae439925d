import Foundation
import Inference

/// The generic, model-agnostic part of a run report: diagnostics with warnings, posterior summaries,
/// trace plots, marginal posteriors over their priors and a corner plot, built from CmdStan CSV chains.
///
/// Works for any sampler output in the CmdStan layout (FORMATS.md); nothing here knows about tumours.
public struct PosteriorSection: Sendable {
    /// Parameter columns (CmdStan names, e.g. `D_w`, `x0.1`) in display order.
    public var parameters: [String]
    /// `draws[p][c]`: the draws of parameter `p` in chain `c`.
    public var draws: [[[Double]]]
    /// Prior of each parameter, when known (overlaid on the marginals).
    public var priors: [String: Prior] = [:]
    /// Unit of each parameter (e.g. "mm²/day").
    public var units: [String: String] = [:]
    /// True values (synthetic data), drawn on the marginals.
    public var trueValues: [String: Double] = [:]
    /// Parameters for the corner plot (default: the first five).
    public var cornerParameters: [String]?
    /// Convergence rule: R̂ below this …
    public var maximumRHat = 1.01
    /// … and bulk-ESS at least this, for every parameter.
    public var minimumBulkESS = 400.0
    /// Log-density evaluations that returned NaN and counted as rejections, when the sampler reports them.
    public var rejectedNaN: Int?

    /// Reads the chains (one CmdStan CSV per chain; columns ending in `__` are sampler diagnostics and
    /// are skipped). All chains must have the same columns.
    /// - Throws: ``InferenceError`` naming the file that cannot be read or does not match.
    public init(chains: [CmdStanCSVFile], paths: [String]) throws(InferenceError) {
        guard let first = chains.first else {
            throw .malformedCSV(path: paths.first ?? "(no chain files)", line: 0, reason: "no chains to report")
        }
        parameters = first.columnNames.filter { !$0.hasSuffix("__") }
        for (chain, path) in zip(chains, paths) where chain.columnNames != first.columnNames {
            throw .malformedCSV(path: path, line: 0, reason: "columns differ from the first chain's")
        }
        draws = parameters.map { name in chains.map { $0.column(name) ?? [] } }
    }

    /// Summaries (Vehtari et al. 2021 diagnostics) of every parameter.
    public func summaries() -> [ParameterSummary] {
        zip(parameters, draws).map { Diagnostics.summarize(name: $0, chains: $1) }
    }

    /// Plain-language warnings about convergence and sampling problems (empty when all is well).
    public func warnings(_ summaries: [ParameterSummary]) -> [String] {
        var out: [String] = []
        let highRHat = summaries.filter { !($0.rHat < maximumRHat) }.map(\.name)
        if !highRHat.isEmpty {
            out.append("R̂ ≥ \(maximumRHat) (or undefined) for \(highRHat.joined(separator: ", ")): the chains disagree; run longer or check for multimodality.")
        }
        let lowBulk = summaries.filter { !($0.bulkESS >= minimumBulkESS) }.map(\.name)
        if !lowBulk.isEmpty {
            out.append("bulk-ESS < \(Int(minimumBulkESS)) for \(lowBulk.joined(separator: ", ")): posterior means and intervals are imprecise.")
        }
        let lowTail = summaries.filter { !($0.tailESS >= minimumBulkESS) }.map(\.name)
        if !lowTail.isEmpty {
            out.append("tail-ESS < \(Int(minimumBulkESS)) for \(lowTail.joined(separator: ", ")): the 5 % and 95 % quantiles are imprecise.")
        }
        if let rejectedNaN, rejectedNaN > 0 {
            out.append("\(rejectedNaN) proposals had a NaN log-density and were rejected.")
        }
        if !highRHat.isEmpty || !lowBulk.isEmpty {
            out.append("The convergence rule (all R̂ < \(maximumRHat) and bulk-ESS ≥ \(Int(minimumBulkESS))) is not met.")
        }
        return out
    }

    /// The HTML blocks: diagnostics, warnings, summaries, traces, marginals, corner plot.
    public func blocks() -> [HTMLReport.Block] {
        let summaries = summaries()
        var blocks: [HTMLReport.Block] = [.heading("Diagnostics")]
        let warnings = warnings(summaries)
        if warnings.isEmpty {
            blocks.append(.paragraph("All parameters meet the convergence rule (R̂ < \(maximumRHat), bulk-ESS ≥ \(Int(minimumBulkESS)))."))
        }
        blocks += warnings.map { .warning($0) }
        let chainCount = draws.first?.count ?? 0
        let drawCount = draws.first?.first?.count ?? 0
        blocks.append(.table(
            header: ["parameter", "R̂", "bulk-ESS", "tail-ESS", "MCSE mean", "MCSE sd"],
            rows: summaries.map { [$0.name, Self.format($0.rHat, 3), Self.format($0.bulkESS, 0), Self.format($0.tailESS, 0),
                                   Self.format($0.mcseMean), Self.format($0.mcseStandardDeviation)] },
            caption: "\(chainCount) chains × \(drawCount) draws. Rank-normalised split-R̂, bulk- and tail-ESS (5 %/95 %) "
                + "as in Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021)."))
        blocks.append(.heading("Posterior summaries"))
        blocks.append(.table(
            header: ["parameter", "unit", "mean", "sd", "5 %", "50 %", "95 %", "prior"],
            rows: summaries.map { s in
                [s.name, units[s.name] ?? "", Self.format(s.mean), Self.format(s.standardDeviation), Self.format(s.q5),
                 Self.format(s.q50), Self.format(s.q95), priors[s.name].map(Self.label) ?? ""]
            },
            caption: "Natural scale. Quantiles by linear interpolation (numpy's default)."))
        blocks.append(.heading("Trace plots"))
        blocks.append(.figures(zip(parameters, draws).map { name, chains in
            PosteriorFigures.trace(name: name, unit: units[name] ?? "", chains: chains)
        }, caption: "One colour per chain; well-mixed chains overlap without trends."))
        blocks.append(.heading("Marginal posteriors"))
        blocks.append(.figures(zip(parameters, draws).map { name, chains in
            let density: (@Sendable (Double) -> Double)? = priors[name].map { prior in
                let distribution = prior.distribution
                return { x in exp(distribution.logDensity(x)) }
            }
            return PosteriorFigures.marginal(name: name, unit: units[name] ?? "", chains: chains,
                                             priorDensity: density, trueValue: trueValues[name])
        }, caption: "Histogram of the pooled draws (density); dashed: the prior; red: the true value where known."))
        let corner = cornerParameters ?? Array(parameters.prefix(5))
        let cornerDraws = corner.compactMap { name in parameters.firstIndex(of: name).map { draws[$0].flatMap { $0 } } }
        if cornerDraws.count >= 2 {
            blocks.append(.heading("Pair plot"))
            blocks.append(.figures([PosteriorFigures.corner(names: corner, draws: cornerDraws)],
                                   caption: "Pairwise posterior draws (thinned) and marginals of the main parameters."))
        }
        return blocks
    }

    /// A number with `digits` significant decimals (fixed for moderate magnitudes, scientific otherwise).
    static func format(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if digits == 0 { return String(Int(x.rounded())) }
        if x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e5) { return String(format: "%.\(digits - 1)e", x) }
        return String(format: "%.\(digits)g", x)
    }
}

extension PosteriorSection {
    /// A prior written for readers: the family and its parameters to four significant digits.
    public static func label(_ prior: Prior) -> String {
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        switch prior {
        case .uniform(let a, let b): return "uniform(\(g(a)), \(g(b)))"
        case .logUniform(let a, let b): return "log-uniform(\(g(a)), \(g(b)))"
        case .normal(let m, let s): return "normal(\(g(m)), \(g(s)))"
        case .logNormal(let m, let s): return "log-normal(\(g(m)), \(g(s)))"
        case .truncatedNormal(let m, let s, let a, let b): return "truncated-normal(\(g(m)), \(g(s)), [\(g(a)), \(g(b))])"
        }
    }
}
