import Foundation
import Inference

/// The cohort table: one row per patient with status (`complete`, `stopped`, `failed`), whether the run
/// converged and why it stopped (empty when unknown), the primary model's posterior summaries and
/// diagnostics, and the log-evidence of every fitted model. Written as `cohort.csv` + `cohort.json`, plus
/// `evidence.csv` in long form (patient, cohort, model, log-evidence, se, best).
public struct CohortTable: Sendable {
    public let records: [CohortPatientRecord]

    public init(records: [CohortPatientRecord]) { self.records = records }

    /// Model names over all patients, in first-appearance order.
    public var modelNames: [String] {
        var names = [String]()
        for r in records { for m in r.models where !names.contains(m.name) { names.append(m.name) } }
        return names
    }

    /// The model with the largest log-evidence for a record (nil when no evidences).
    public static func bestModel(_ record: CohortPatientRecord) -> String? {
        record.models.filter { $0.logEvidence?.isFinite ?? false }.max { ($0.logEvidence ?? 0) < ($1.logEvidence ?? 0) }?.name
    }

    /// CSV text of `cohort.csv`.
    public func csv() -> String {
        let models = modelNames
        // Parameters of each patient's primary model, in first-appearance order.
        var parameters = [String]()
        for r in records {
            for m in r.models where m.name == r.primaryModel { for s in m.summaries where !parameters.contains(s.name) { parameters.append(s.name) } }
        }
        let statistics = ["mean", "sd", "q5", "q50", "q95", "rhat", "ess_bulk", "ess_tail"]
        var header = ["patient", "cohort", "status", "converged", "stop_reason", "model", "best_model"]
        header += parameters.flatMap { p in statistics.map { "\(p)_\($0)" } }
        header += models.flatMap { ["log_evidence_\($0)", "log_evidence_se_\($0)"] }
        header += ["wall_seconds", "error"]
        var lines = [header.joined(separator: ",")]
        for r in records {
            let primary = r.models.first { $0.name == r.primaryModel }
            var row = [CohortFiles.field(r.patient), CohortFiles.field(r.cohort), r.status, r.converged.map { "\($0)" } ?? "",
                       CohortFiles.field(r.stopReason ?? ""), r.primaryModel ?? "", Self.bestModel(r) ?? ""]
            for p in parameters {
                if let s = primary?.summaries.first(where: { $0.name == p }) {
                    row += [s.mean, s.standardDeviation, s.q5, s.q50, s.q95, s.rHat, s.bulkESS, s.tailESS].map { CohortFiles.field($0) }
                } else {
                    row += Array(repeating: "", count: statistics.count)
                }
            }
            for name in models {
                let m = r.models.first { $0.name == name }
                row += [CohortFiles.field(m?.logEvidence), CohortFiles.field(m?.logEvidenceStandardError)]
            }
            row += [CohortFiles.field(r.wallSeconds), CohortFiles.field(r.error ?? "")]
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV text of `evidence.csv`.
    public func evidenceCSV() -> String {
        var lines = ["patient,cohort,model,log_evidence,log_evidence_se,is_best"]
        for r in records where r.isComplete {
            let best = Self.bestModel(r)
            for m in r.models where m.logEvidence != nil {
                lines.append([CohortFiles.field(r.patient), CohortFiles.field(r.cohort), m.name, CohortFiles.field(m.logEvidence),
                              CohortFiles.field(m.logEvidenceStandardError), m.name == best ? "1" : "0"].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `cohort.csv`, `cohort.json` and `evidence.csv` atomically into `folder`.
    public func write(to folder: URL) throws(CohortError) {
        try CohortFiles.write(csv(), to: folder.appendingPathComponent("cohort.csv"))
        try CohortFiles.writeJSON(records, to: folder.appendingPathComponent("cohort.json"))
        try CohortFiles.write(evidenceCSV(), to: folder.appendingPathComponent("evidence.csv"))
    }
}
