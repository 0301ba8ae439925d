import Foundation
import Inference

/// `run.json` of one patient folder in a cohort output. The patient is done when ``status`` is
/// `complete`; the file is written last (atomically), so an interrupted job never looks complete.
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
    /// `complete` or `failed`.
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

    public var isComplete: Bool { status == "complete" }

    enum CodingKeys: String, CodingKey {
        case patient, cohort, status, kind, error, models, settings
        case primaryModel = "primary_model"
        case wallSeconds = "wall_seconds"
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
