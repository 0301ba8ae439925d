import Foundation
import Inference

/// Fits every requested growth model to one patient's series and writes the patient folder:
///
///     <patient>/series.csv                      the data used
///     <patient>/<model>/chain-<k>.csv           TMCMC particles of run k (CmdStan CSV, natural scale)
///     <patient>/<model>/summary.csv|json        mean, sd, quantiles, R̂, ESS, MCSE per parameter
///     <patient>/<model>/model.json              parameter space (priors, transforms), evidence
///     <patient>/run.json                        status, evidences, summaries — written last
enum GrowthPatientJob {
    static func run(series: GrowthSeries, patient: CohortPatient, settings: GrowthJobSettings,
                    folder: URL) throws -> [CohortPatientRecord.Model] {
        var csv = "day,value\n"
        for (d, v) in zip(series.days, series.values) { csv += "\(CohortFiles.field(d)),\(CohortFiles.field(v))\n" }
        try CohortFiles.write(csv, to: folder.appendingPathComponent("series.csv"))
        var fitSettings = settings.fit
        fitSettings.seed = settings.fit.seed ^ stableHash(patient.id)
        var models = [CohortPatientRecord.Model]()
        for name in settings.models {
            guard let curve = GrowthJobSettings.curve(named: name) else {
                throw GrowthCurveError.invalidSetting("unknown growth model '\(name)'")
            }
            let model = GrowthCurveModel(curve: curve, errorModel: settings.errorModel, series: series)
            let fit = try GrowthCurveFit.fit(model, settings: fitSettings)
            let directory = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = try CmdStanCSVWriter.write(fit.result, space: model.space, modelName: "gliobayes-growth-\(name)",
                                           directory: directory)
            try CohortFiles.write(SummaryTable.csv(fit.summaries), to: directory.appendingPathComponent("summary.csv"))
            try CohortFiles.writeJSON(fit.summaries, to: directory.appendingPathComponent("summary.json"))
            let description = FittedModelDescription(
                name: name, space: model.space, rateName: curve.rateName, errorModel: settings.errorModel.description,
                seriesScale: series.scale, referenceDay: series.referenceDay, logEvidence: fit.logEvidence,
                logEvidenceStandardError: fit.logEvidenceStandardError)
            try CohortFiles.writeJSON(description, to: directory.appendingPathComponent("model.json"))
            models.append(CohortPatientRecord.Model(name: name, folder: name, rateName: curve.rateName,
                                                    logEvidence: fit.logEvidence,
                                                    logEvidenceStandardError: fit.logEvidenceStandardError,
                                                    summaries: fit.summaries))
        }
        return models
    }

    /// FNV-1a of the id: a seed offset that does not depend on the manifest order.
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}

/// A summary table as CSV (the columns of `summary.csv` in a run folder).
enum SummaryTable {
    static let header = "parameter,mean,sd,q5,q50,q95,rhat,ess_bulk,ess_tail,mcse_mean,mcse_sd"

    static func csv(_ summaries: [ParameterSummary]) -> String {
        var lines = [header]
        for s in summaries {
            lines.append(([CohortFiles.field(s.name)] + [s.mean, s.standardDeviation, s.q5, s.q50, s.q95, s.rHat, s.bulkESS,
                                                        s.tailESS, s.mcseMean, s.mcseStandardDeviation].map { CohortFiles.field($0) })
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
