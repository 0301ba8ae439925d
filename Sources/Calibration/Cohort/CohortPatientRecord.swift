import Foundation
import Inference

/// `run.json` of one patient folder in a cohort output. The patient is done when ``status`` is
/// `complete`; the file is written last (atomically), so an interrupted job never looks complete.
///
/// `converged` and `stop_reason` are always written (JSON `null` when unknown), so `cohort.json` has the
/// same fields for every patient as `cohort.csv` has columns.
public struct CohortPatientRecord: Codable, Sendable {
    /// One fitted model of the patient.
    public struct Model: Codable, Sendable {
        /// Model name (`exponential`, …, or `patient` for imaging-based inference).
        public var name: String
        /// Sub-folder (relative to the patient folder) holding `chain-*.csv`, `summary.*`, `model.json`.
        public var folder: String
        /// Name of the growth-rate parameter.
        public var rateName: String?
        /// Log-evidence `log p(y | model)` in data units and its standard error (TMCMC), if available.
        public var logEvidence: Double?
        public var logEvidenceStandardError: Double?
        /// Natural-scale summaries and diagnostics.
        public var summaries: [ParameterSummary]
    }

    public var patient: String
    public var cohort: String
    /// `complete`, `stopped` (an imaging-based run used up its wall-clock budget; the next invocation
    /// continues it from its checkpoint) or `failed`.
    public var status: String
    /// `growth-curve` or `specification`.
    public var kind: String
    public var error: String?
    public var primaryModel: String?
    public var models: [Model]
    public var wallSeconds: Double
    /// The growth settings the patient was fitted with (growth-curve patients); a complete patient is
    /// refitted when they differ from the current ones.
    public var settings: GrowthJobSettings?
    /// Whether the run met its convergence rule (imaging-based patients: all R̂ < 1.01 and bulk-ESS ≥ 400
    /// by default); nil when unknown (growth-curve fits, failed patients).
    public var converged: Bool?
    /// Why the sampler stopped (`budget`, `converged`, `requested` for the wall-clock budget); nil when
    /// unknown.
    public var stopReason: String?

    public var isComplete: Bool { status == "complete" }
    /// Stopped on its wall-clock budget before the end; resumable.
    public var isStopped: Bool { status == "stopped" }

    enum CodingKeys: String, CodingKey {
        case patient, cohort, status, kind, error, models, settings, converged
        case primaryModel = "primary_model"
        case wallSeconds = "wall_seconds"
        case stopReason = "stop_reason"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(patient, forKey: .patient)
        try c.encode(cohort, forKey: .cohort)
        try c.encode(status, forKey: .status)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(primaryModel, forKey: .primaryModel)
        try c.encode(models, forKey: .models)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encodeIfPresent(settings, forKey: .settings)
        // Written as null when unknown, unlike the fields above: these are table columns.
        try c.encode(converged, forKey: .converged)
        try c.encode(stopReason, forKey: .stopReason)
    }
}

extension CohortPatientRecord.Model {
    enum CodingKeys: String, CodingKey {
        case name, folder, summaries
        case rateName = "rate_name"
        case logEvidence = "log_evidence"
        case logEvidenceStandardError = "log_evidence_se"
    }
}

/// `model.json` of one fitted model: what ``CohortComparison`` needs to divide out the prior.
public struct FittedModelDescription: Codable, Sendable, Equatable {
    public var name: String
    public var space: ParameterSpace
    public var rateName: String?
    public var errorModel: String?
    /// Series scale (data units per model unit) and reference day, for growth curves.
    public var seriesScale: Double?
    public var referenceDay: Double?
    public var logEvidence: Double?
    public var logEvidenceStandardError: Double?

    enum CodingKeys: String, CodingKey {
        case name, space
        case rateName = "rate_name"
        case errorModel = "error_model"
        case seriesScale = "series_scale"
        case referenceDay = "reference_day"
        case logEvidence = "log_evidence"
        case logEvidenceStandardError = "log_evidence_se"
    }
}

/// JSON helpers shared by the cohort files (non-finite numbers as "nan"/"inf" strings, sorted keys).
enum CohortJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value) + Data("\n".utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(CohortError) -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadableFolder(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(T.self, from: data) } catch {
            throw .unreadableFolder(path: url.path, reason: "malformed: \(error)")
        }
    }
}
