import Foundation
import Inference

/// Runs one job per patient of a manifest, `jobs` at a time, into `output/patients/<id>/`, then writes the
/// cohort table (`output/cohort.csv`, `cohort.json`, `evidence.csv`).
///
/// - Resume: a patient whose `run.json` says `complete` is not run again (its record is reused), unless
///   it is a growth-curve patient fitted with other settings (models, error model, TMCMC settings), which
///   is refitted. Failed patients are retried on the next invocation. An imaging-based patient whose run
///   stopped on its wall-clock budget is recorded as `stopped`, not `complete`, and the next invocation
///   runs its job again on the same run folder, which continues from the checkpoint.
/// - Convergence: each record carries the run's `converged` flag and stop reason when the job reports
///   them (imaging-based patients); a complete run that used up its iterations unconverged stays
///   `complete` with `converged = false`.
/// - Failure isolation: an error in one patient (bad data, sampler failure, a spec that cannot be run)
///   becomes that patient's `run.json` with `status = failed` and its message; the others go on.
/// - Parallelism: `jobs` worker threads pull patients from a shared queue; each job runs single-threaded,
///   so results do not depend on `jobs`. Records are joined in manifest order.
public struct CohortRunner: Sendable {
    /// What an imaging-based patient job reports back.
    public struct SpecificationResult: Sendable {
        public var summaries: [ParameterSummary]
        /// The parameter space the job sampled (priors are divided out by ``CohortComparison``).
        public var space: ParameterSpace
        public var logEvidence: Double?
        /// Whether the run met its convergence rule; nil when unknown.
        public var isConverged: Bool?
        /// Why the sampler stopped (`budget`, `converged`, `requested`); nil when unknown.
        public var stopReason: String?
        /// The run used up its wall-clock budget before the end (run folder status `stopped`); running
        /// the job again on the same folder continues it.
        public var isStopped: Bool

        public init(summaries: [ParameterSummary], space: ParameterSpace, logEvidence: Double? = nil,
                    isConverged: Bool? = nil, stopReason: String? = nil, isStopped: Bool = false) {
            self.summaries = summaries
            self.space = space
            self.logEvidence = logEvidence
            self.isConverged = isConverged
            self.stopReason = stopReason
            self.isStopped = isStopped
        }
    }

    /// Runs imaging-based inference for a patient spec into a run folder (`patients/<id>/patient/`, which
    /// may hold an interrupted run to resume); supplied by the caller (e.g. the CLI wraps
    /// ``InferenceJob``), nil when not available.
    public typealias SpecificationJob = @Sendable (_ specification: URL, _ runFolder: URL) throws -> SpecificationResult

    public let manifest: CohortManifest
    public let growth: GrowthJobSettings
    public let output: URL
    public let jobs: Int
    public let specificationJob: SpecificationJob?

    public init(manifest: CohortManifest, growth: GrowthJobSettings, output: URL, jobs: Int,
                specificationJob: SpecificationJob? = nil) {
        precondition(jobs >= 1, "jobs must be ≥ 1")
        self.manifest = manifest
        self.growth = growth
        self.output = output
        self.jobs = jobs
        self.specificationJob = specificationJob
    }

    /// What happened to each patient in this invocation: `ran` to the end, `resumed` (already complete, not
    /// run), `stopped` on the wall-clock budget (to be continued next time), or `failed`.
    public enum Outcome: String, Sendable { case ran, resumed, stopped, failed }

    /// The patient folder.
    public func folder(of patient: CohortPatient) -> URL {
        output.appendingPathComponent("patients").appendingPathComponent(patient.id)
    }

    /// Runs all patients; `progress(patientID, outcome, record)` is called (from worker threads, serialised)
    /// as each finishes.
    public func run(progress: @escaping @Sendable (String, Outcome, CohortPatientRecord) -> Void = { _, _, _ in })
        throws(CohortError) -> CohortTable {
        do { try FileManager.default.createDirectory(at: output.appendingPathComponent("patients"), withIntermediateDirectories: true) } catch {
            throw .writeFailed(path: output.path, reason: error.localizedDescription)
        }
        try CohortFiles.writeJSON(growth, to: output.appendingPathComponent("settings.json"))
        let patients = manifest.patients
        let state = SharedState(count: patients.count)
        let workers = min(jobs, patients.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = state.next() {
                let (record, outcome) = runOne(patients[index])
                state.store(record, at: index) { progress(patients[index].id, outcome, record) }
            }
        }
        let table = CohortTable(records: state.records.compactMap { $0 })
        try table.write(to: output)
        return table
    }

    /// One patient: resume, or run and record success or failure. Never throws.
    func runOne(_ patient: CohortPatient) -> (CohortPatientRecord, Outcome) {
        let folder = folder(of: patient)
        let recordURL = folder.appendingPathComponent("run.json")
        if let existing = try? CohortJSON.decode(CohortPatientRecord.self, from: recordURL), existing.isComplete,
           existing.kind == "specification" || existing.settings == growth {
            return (existing, .resumed)
        }
        let started = Date()
        var record = CohortPatientRecord(patient: patient.id, cohort: patient.cohort, status: "failed", kind: "growth-curve",
                                         error: nil, primaryModel: nil, models: [], wallSeconds: 0)
        var isStopped = false
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            switch patient.source {
            case .invalid(let reason):
                throw CohortError.invalidManifest(path: patient.id, reason: reason)
            case .series(let series):
                record.models = try GrowthPatientJob.run(series: series, patient: patient, settings: growth, folder: folder)
                record.primaryModel = growth.primaryModel
                record.settings = growth
            case .specification(let url):
                record.kind = "specification"
                guard let job = specificationJob else {
                    throw CohortError.unreadableFolder(path: url.path, reason: "imaging-based patient inference is not available in this build")
                }
                let runFolder = folder.appendingPathComponent("patient")
                let result = try job(url, runFolder)
                let rate = result.space.parameters.contains { $0.name == "rho" } ? "rho" : result.space.parameters[0].name
                try CohortFiles.writeJSON(FittedModelDescription(name: "patient", space: result.space, rateName: rate,
                                                                 logEvidence: result.logEvidence),
                                          to: runFolder.appendingPathComponent("model.json"))
                record.models = [CohortPatientRecord.Model(name: "patient", folder: "patient", rateName: rate,
                                                           logEvidence: result.logEvidence, logEvidenceStandardError: nil,
                                                           summaries: result.summaries)]
                record.primaryModel = "patient"
                record.converged = result.isConverged
                record.stopReason = result.stopReason
                isStopped = result.isStopped
            }
            record.status = isStopped ? "stopped" : "complete"
        } catch {
            record.status = "failed"
            record.error = "\(error)"
        }
        record.wallSeconds = Date().timeIntervalSince(started)
        do { try CohortFiles.writeJSON(record, to: recordURL) } catch {
            record.status = "failed"
            record.error = (record.error.map { $0 + "; " } ?? "") + "\(error)"
        }
        return (record, record.isComplete ? .ran : record.isStopped ? .stopped : .failed)
    }

    /// The work queue and result slots shared by the workers.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        private(set) var records: [CohortPatientRecord?]

        init(count: Int) {
            self.count = count
            records = Array(repeating: nil, count: count)
        }

        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard nextIndex < count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }

        func store(_ record: CohortPatientRecord, at index: Int, then report: () -> Void) {
            lock.lock(); defer { lock.unlock() }
            records[index] = record
            report()
        }
    }
}
