import Calibration
import Foundation
import Inference
import Reports

/// The HTML report of `gliobayes compare`: method, population table, differences, per-patient forest plots
/// and population density plots (Reports' `SVGPlot` and `HTMLReport`).
enum CompareReport {
    static let colours = PosteriorFigures.chainColours

    static func render(_ comparison: CohortComparison, folders: [String]) -> String {
        var report = HTMLReport(title: "Cohort comparison")
        report.blocks.append(.paragraph("Cohort folders: \(folders.joined(separator: ", ")). Groups: \(comparison.groups.map { "\($0.name) (\($0.patients.count) patients)" }.joined(separator: ", "))."))
        report.blocks.append(.heading("Method"))
        report.blocks.append(.paragraph(CohortComparison.methodStatement))
        for w in comparison.warnings { report.blocks.append(.warning(w)) }
        if !comparison.skipped.isEmpty {
            report.blocks.append(.warning("Patients left out: " + comparison.skipped.joined(separator: "; ")))
        }
        report.blocks.append(.heading("Differences between cohorts"))
        report.blocks.append(.table(header: ["parameter", "difference", "mean", "sd", "interval", "P(difference > 0)"],
                                    rows: comparison.differences.map { d in
                                        [d.parameter, "\(d.groupA) − \(d.groupB)", f(d.mean), f(d.standardDeviation),
                                         "[\(f(d.lower)), \(f(d.upper))] (\(Int((d.level * 100).rounded())) %)", String(format: "%.3f", d.probabilityPositive)]
                                    }, caption: "μ_A − μ_B on the modelled scale (for log-parameters, exp(difference) is the ratio of population medians)."))
        report.blocks.append(.heading("Population estimates"))
        var rows = [[String]]()
        for group in comparison.groups {
            for (k, fit) in group.fits.enumerated() {
                let mu = fit.pooledMean.sorted()
                let isLog = comparison.labels[k].hasPrefix("log(")
                let lo = Diagnostics.quantile([mu], probability: 0.025), hi = Diagnostics.quantile([mu], probability: 0.975)
                rows.append([group.name, comparison.labels[k], "\(fit.unitNames.count)", f(fit.meanSummary.mean), "[\(f(lo)), \(f(hi))]",
                             isLog ? "\(f(exp(fit.meanSummary.q50))) [\(f(exp(lo))), \(f(exp(hi)))]" : "–",
                             f(fit.standardDeviationSummary.q50), String(format: "%.3f", max(fit.meanSummary.rHat, fit.standardDeviationSummary.rHat)),
                             String(format: "%.0f", min(fit.meanSummary.bulkESS, fit.standardDeviationSummary.bulkESS)),
                             String(format: "%.0f", fit.reweightingESS.min() ?? .nan)])
            }
        }
        report.blocks.append(.table(header: ["group", "parameter", "patients", "μ mean", "μ 95 %", "exp(μ) median [95 %]", "τ median", "max R̂", "min bulk-ESS", "min reweighting ESS"],
                                    rows: rows, caption: "exp(μ) is the population median of the natural-scale parameter."))
        for (k, label) in comparison.labels.enumerated() {
            report.blocks.append(.heading("\(label): patients and populations"))
            report.blocks.append(.figures([forest(comparison, parameter: k)],
                                          caption: "Forest plot: each patient's posterior median and 90 % interval of \(label) (rows numbered as in the table below), and each cohort's population mean μ with its 95 % interval (thick, bottom rows)."))
            report.blocks.append(.figures([density(comparison, parameter: k, predictive: false), density(comparison, parameter: k, predictive: true)],
                                          caption: "Left: posterior of the population mean μ per cohort. Right: population distribution of \(label) for a new patient, ∫N(θ; μ, τ²) p(μ, τ | data), per cohort."))
            var patientRows = [[String]]()
            var row = 0
            for group in comparison.groups {
                for (u, interval) in group.intervals[k].enumerated() {
                    row += 1
                    patientRows.append(["\(row)", group.name, interval.patient, f(interval.q50), "[\(f(interval.q5)), \(f(interval.q95))]",
                                        String(format: "%.0f", group.fits[k].reweightingESS[u])])
                }
            }
            report.blocks.append(.table(header: ["row", "group", "patient", "median", "90 % interval", "reweighting ESS"], rows: patientRows, caption: nil))
        }
        return report.render()
    }

    static func f(_ x: Double) -> String { String(format: "%.4g", x) }

    static func forest(_ comparison: CohortComparison, parameter k: Int) -> String {
        let total = comparison.groups.reduce(0) { $0 + $1.intervals[k].count } + comparison.groups.count
        var plot = SVGPlot(width: 560, height: max(220, 18 * Double(total) + 80), title: "\(comparison.labels[k]) by patient",
                           xLabel: comparison.labels[k], yLabel: "row")
        var row = 0.0
        for (g, group) in comparison.groups.enumerated() {
            let colour = colours[g % colours.count]
            var xs = [Double](), ys = [Double]()
            for interval in group.intervals[k] {
                row += 1
                plot.layers.append(.line(x: [interval.q5, interval.q95], y: [row, row], colour: colour, width: 1.5, dashed: false, label: nil))
                xs.append(interval.q50); ys.append(row)
            }
            plot.layers.append(.points(x: xs, y: ys, colour: colour, radius: 3, label: group.name))
        }
        for (g, group) in comparison.groups.enumerated() {
            row += 1.5
            let mu = group.fits[k].pooledMean.sorted()
            let lo = Diagnostics.quantile([mu], probability: 0.025), hi = Diagnostics.quantile([mu], probability: 0.975)
            let colour = colours[g % colours.count]
            plot.layers.append(.line(x: [lo, hi], y: [row, row], colour: colour, width: 4, dashed: false, label: nil))
            plot.layers.append(.points(x: [group.fits[k].meanSummary.q50], y: [row], colour: "#000", radius: 4, label: "μ \(group.name)"))
        }
        return plot.render()
    }

    static func density(_ comparison: CohortComparison, parameter k: Int, predictive: Bool) -> String {
        var plot = SVGPlot(width: 420, height: 260, title: predictive ? "population distribution" : "population mean μ",
                           xLabel: comparison.labels[k], yLabel: "density", yIncludesZero: true)
        // Common x range from all groups.
        var lo = Double.infinity, hi = -Double.infinity
        for group in comparison.groups {
            let fit = group.fits[k]
            let mu = fit.pooledMean.sorted()
            let spread = predictive ? 3 * fit.standardDeviationSummary.q50 : 0
            lo = min(lo, Diagnostics.quantile([mu], probability: 0.001) - spread)
            hi = max(hi, Diagnostics.quantile([mu], probability: 0.999) + spread)
        }
        guard lo < hi, lo.isFinite, hi.isFinite else { return plot.render() }
        for (g, group) in comparison.groups.enumerated() {
            let fit = group.fits[k]
            let colour = colours[g % colours.count]
            if predictive {
                let mu = fit.pooledMean, tau = fit.pooledStandardDeviation
                let step = max(1, mu.count / 400)
                let xs = (0...120).map { lo + (hi - lo) * Double($0) / 120 }
                let ys = xs.map { x -> Double in
                    var sum = 0.0, n = 0.0
                    for i in stride(from: 0, to: mu.count, by: step) {
                        let z = (x - mu[i]) / tau[i]
                        sum += exp(-0.5 * z * z) / (tau[i] * (2 * Double.pi).squareRoot()); n += 1
                    }
                    return sum / n
                }
                plot.layers.append(.line(x: xs, y: ys, colour: colour, width: 2, dashed: false, label: group.name))
            } else if let h = Histogram(fit.pooledMean) {
                plot.layers.append(.bars(edges: h.edges, heights: h.densities, colour: colour, opacity: 0.45, label: group.name))
            }
        }
        return plot.render()
    }
}
