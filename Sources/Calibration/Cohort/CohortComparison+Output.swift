import Foundation
import Inference

extension CohortComparison {
    /// Machine-readable form of the comparison (`comparison.json`).
    public struct Report: Codable, Sendable {
        public struct Population: Codable, Sendable {
            public var group: String
            public var parameter: String
            public var patients: [String]
            public var mu: ParameterSummary
            public var tau: ParameterSummary
            /// exp(μ) quantiles (2.5, 50, 97.5 %) for log-modelled parameters: the population median of x.
            public var medianOfNaturalParameter: [Double]?
            public var reweightingESS: [Double]
            public var drawsUsed: [Int]
            public var patientIntervals: [UnitInterval]
        }
        public var method: String
        public var parameters: [String]
        public var populations: [Population]
        public var differences: [PopulationDifference]
        public var warnings: [String]
        public var skipped: [String]
    }

    /// A statement of the method, for reports.
    public static let methodStatement = """
    Two-stage hierarchical normal model (Lunn et al. 2013, JRSS C 62:551): each patient's posterior draws of θ \
    (log of a positive parameter) are reweighted by N(θ; μ, τ²)/prior_i(θ), dividing out the prior the patient \
    was fitted with, which estimates the patient's marginal likelihood under the population N(μ, τ²). μ and log τ \
    are sampled with adaptive Metropolis (4 chains) under μ ~ N(0, 10²), τ ~ half-normal(2.5). Cohorts are \
    fitted independently; μ_A − μ_B pairs their posterior draws. Caveats: one parameter at a time (no \
    correlations); patients exchangeable within a cohort; the reweighting is reliable only when each patient keeps \
    enough effective draws (reported; warned below 20).
    """

    /// The report value.
    public var report: Report {
        var populations = [Report.Population]()
        for group in groups {
            for (k, fit) in group.fits.enumerated() {
                let isLog = labels[k].hasPrefix("log(")
                var natural: [Double]?
                if isLog {
                    let sorted = fit.pooledMean.sorted()
                    natural = [0.025, 0.5, 0.975].map { Foundation.exp(Diagnostics.quantile([sorted], probability: $0)) }
                }
                populations.append(Report.Population(group: group.name, parameter: labels[k], patients: fit.unitNames,
                                                     mu: fit.meanSummary, tau: fit.standardDeviationSummary,
                                                     medianOfNaturalParameter: natural, reweightingESS: fit.reweightingESS,
                                                     drawsUsed: fit.drawsUsed, patientIntervals: group.intervals[k]))
            }
        }
        return Report(method: Self.methodStatement, parameters: labels, populations: populations, differences: differences,
                      warnings: warnings, skipped: skipped)
    }

    /// `population.csv`: one row per group and parameter.
    public func populationCSV() -> String {
        var lines = ["group,parameter,patients,mu_mean,mu_sd,mu_q2.5,mu_q50,mu_q97.5,mu_rhat,mu_ess_bulk,tau_mean,tau_q2.5,tau_q50,tau_q97.5,tau_rhat,exp_mu_q2.5,exp_mu_q50,exp_mu_q97.5,min_reweighting_ess"]
        for group in groups {
            for (k, fit) in group.fits.enumerated() {
                let mu = fit.pooledMean.sorted(), tau = fit.pooledStandardDeviation.sorted()
                func q(_ s: [Double], _ p: Double) -> Double { Diagnostics.quantile([s], probability: p) }
                let isLog = labels[k].hasPrefix("log(")
                let fields: [Double?] = [fit.meanSummary.mean, fit.meanSummary.standardDeviation, q(mu, 0.025), q(mu, 0.5), q(mu, 0.975),
                                         fit.meanSummary.rHat, fit.meanSummary.bulkESS, fit.standardDeviationSummary.mean,
                                         q(tau, 0.025), q(tau, 0.5), q(tau, 0.975), fit.standardDeviationSummary.rHat,
                                         isLog ? Foundation.exp(q(mu, 0.025)) : nil, isLog ? Foundation.exp(q(mu, 0.5)) : nil,
                                         isLog ? Foundation.exp(q(mu, 0.975)) : nil, fit.reweightingESS.min()]
                lines.append(([CohortFiles.field(group.name), CohortFiles.field(labels[k]), "\(fit.unitNames.count)"]
                              + fields.map { CohortFiles.field($0) }).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `differences.csv`: one row per parameter and pair of groups.
    public func differencesCSV() -> String {
        var lines = ["parameter,group_a,group_b,mean,sd,lower,upper,level,p_positive,draws"]
        for d in differences {
            lines.append([CohortFiles.field(d.parameter), CohortFiles.field(d.groupA), CohortFiles.field(d.groupB),
                          CohortFiles.field(d.mean), CohortFiles.field(d.standardDeviation), CohortFiles.field(d.lower),
                          CohortFiles.field(d.upper), CohortFiles.field(d.level), CohortFiles.field(d.probabilityPositive),
                          "\(d.draws)"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `comparison.json`, `population.csv`, `differences.csv` atomically into `folder`.
    public func write(to folder: URL) throws(CohortError) {
        try CohortFiles.writeJSON(report, to: folder.appendingPathComponent("comparison.json"))
        try CohortFiles.write(populationCSV(), to: folder.appendingPathComponent("population.csv"))
        try CohortFiles.write(differencesCSV(), to: folder.appendingPathComponent("differences.csv"))
    }

    /// Writes any file of the comparison folder atomically (used for the HTML report).
    public static func writeFile(_ text: String, to url: URL) throws(CohortError) { try CohortFiles.write(text, to: url) }
}
