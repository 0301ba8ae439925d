import Foundation
import Testing
import Probability
import Inference
import _TestSupport
@testable import Calibration

/// Long-format manifest text: `n` exponential animals per group with rates near `rates[group]`, plus one
/// animal with a negative value (must fail alone).
func syntheticManifestCSV(rates: [String: Double], perGroup: Int, seed: UInt64, badAnimal: Bool = true) -> String {
    var g = Xoshiro256StarStar(seed: seed, stream: 0)
    var lines = ["animal,group,day,value"]
    for (group, rate) in rates.sorted(by: { $0.key < $1.key }) {
        for i in 0..<perGroup {
            let lambda = rate * exp(0.1 * Normal.standardSample(using: &g))
            for day in stride(from: 0.0, through: 20, by: 4) {
                let y = 1e6 * exp(lambda * day + 0.1 * Normal.standardSample(using: &g))
                lines.append("\(group)-\(i),\(group),\(day),\(y)")
            }
        }
    }
    if badAnimal { lines += ["bad,A,0,1", "bad,A,4,-2", "bad,A,8,3"] }
    return lines.joined(separator: "\n") + "\n"
}

@Test func manifestLongFormatGroupsRowsAndIsolatesBadPatients() throws {
    let dir = try SharedData.temporaryDirectory("gb-cohort-manifest")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.csv")
    try syntheticManifestCSV(rates: ["A": 0.2], perGroup: 2, seed: 1).write(to: url, atomically: true, encoding: .utf8)
    let manifest = try CohortManifest.read(url)
    #expect(manifest.patients.map(\.id) == ["A-0", "A-1", "bad"])
    guard case .series(let s) = manifest.patients[0].source else { Issue.record("expected a series"); return }
    #expect(s.count == 6 && s.days.first == 0)
    guard case .invalid(let reason) = manifest.patients[2].source else { Issue.record("expected invalid"); return }
    #expect(reason.contains("not positive"))
}

@Test func manifestJSONWithSettings() throws {
    let dir = try SharedData.temporaryDirectory("gb-cohort-json")
    defer { try? FileManager.default.removeItem(at: dir) }
    try "day,volume\n0,1\n5,2\n10,4\n".write(to: dir.appendingPathComponent("p1.csv"), atomically: true, encoding: .utf8)
    let json = """
    {"growth": {"models": ["exponential", "gompertz"], "error": "lognormal", "particles": 50, "seed": 9},
     "patients": [{"id": "p1", "cohort": "A", "series": "p1.csv"},
                  {"id": "p2", "cohort": "B", "days": [0, 1, 2], "values": [1, 2, 3]},
                  {"id": "p3", "cohort": "B", "spec": "p3/patient.json"}]}
    """
    let url = dir.appendingPathComponent("m.json")
    try json.write(to: url, atomically: true, encoding: .utf8)
    let m = try CohortManifest.read(url)
    #expect(m.growth?.models == ["exponential", "gompertz"])
    #expect(m.growth?.fit.particles == 50)
    #expect(m.growth?.errorModel == .logNormalSampled)
    guard case .specification(let spec) = m.patients[2].source else { Issue.record("expected a spec"); return }
    #expect(spec.path.hasSuffix("p3/patient.json"))
    try "{\"patients\": [{\"id\": \"a\", \"cohort\": \"x\", \"days\": [0,1,2], \"values\": [1,2,3]}, {\"id\": \"a\", \"cohort\": \"y\", \"days\": [0,1,2], \"values\": [1,2,3]}]}"
        .write(to: url, atomically: true, encoding: .utf8)
    #expect(throws: CohortError.self) { try CohortManifest.read(url) }
}

@Test func runnerRunsInParallelResumesAndIsolatesFailures() throws {
    let dir = try SharedData.temporaryDirectory("gb-cohort-run")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("m.csv")
    try syntheticManifestCSV(rates: ["A": 0.2], perGroup: 2, seed: 2).write(to: url, atomically: true, encoding: .utf8)
    var manifest = try CohortManifest.read(url)
    manifest.patients.append(CohortPatient(id: "imaging", cohort: "A", source: .specification(dir.appendingPathComponent("none.json"))))
    let settings = try GrowthJobSettings(models: ["exponential", "linear-radial"], primaryModel: "exponential",
                                         errorModel: .logNormal(.fixed(0.1)),
                                         fit: GrowthCurveFitSettings(particles: 80, runs: 2, mcmcSteps: 3, seed: 1))
    let out = dir.appendingPathComponent("out")
    let table = try CohortRunner(manifest: manifest, growth: settings, output: out, jobs: 2).run()
    #expect(table.records.map(\.patient) == ["A-0", "A-1", "bad", "imaging"])
    #expect(table.records.map(\.status) == ["complete", "complete", "failed", "failed"])
    #expect(table.records[2].error?.contains("not positive") == true)
    let fm = FileManager.default
    for file in ["cohort.csv", "cohort.json", "evidence.csv", "patients/A-0/run.json", "patients/A-0/exponential/chain-1.csv",
                 "patients/A-0/exponential/chain-2.csv", "patients/A-0/exponential/summary.csv", "patients/A-0/linear-radial/model.json"] {
        #expect(fm.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
    }
    let csv = try String(contentsOf: out.appendingPathComponent("cohort.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines[0].hasPrefix("patient,cohort,status,converged,stop_reason,model,best_model,V0_mean"))
    // TMCMC fits have no convergence rule: converged and stop_reason are empty.
    #expect(lines[1].hasPrefix("A-0,A,complete,,,exponential,"))
    #expect(lines[0].contains("lambda_rhat") && lines[0].contains("log_evidence_linear-radial"))
    // Resume: complete patients are not rerun (their records come back unchanged), failed ones are retried.
    let outcomes = OutcomeLog()
    let again = try CohortRunner(manifest: manifest, growth: settings, output: out, jobs: 2).run { id, outcome, _ in
        outcomes.add(id, outcome)
    }
    #expect(outcomes.sorted == ["A-0:resumed", "A-1:resumed", "bad:failed", "imaging:failed"])
    #expect(again.records[0].wallSeconds == table.records[0].wallSeconds)
    // Other settings: complete patients are refitted, not silently reused.
    var changed = settings
    changed.models = ["exponential"]
    let refit = OutcomeLog()
    let third = try CohortRunner(manifest: manifest, growth: changed, output: out, jobs: 2).run { id, outcome, _ in refit.add(id, outcome) }
    #expect(refit.sorted == ["A-0:ran", "A-1:ran", "bad:failed", "imaging:failed"])
    #expect(third.records[0].models.map(\.name) == ["exponential"])
}

final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items = [String]()
    func add(_ id: String, _ outcome: CohortRunner.Outcome) { lock.lock(); items.append("\(id):\(outcome.rawValue)"); lock.unlock() }
    var sorted: [String] { lock.lock(); defer { lock.unlock() }; return items.sorted() }
}

@Test func specificationPatientsRunThroughTheSuppliedJob() throws {
    let dir = try SharedData.temporaryDirectory("gb-cohort-spec")
    defer { try? FileManager.default.removeItem(at: dir) }
    let manifest = CohortManifest(patients: [
        CohortPatient(id: "ok", cohort: "A", source: .specification(dir.appendingPathComponent("ok.json"))),
        CohortPatient(id: "broken", cohort: "A", source: .specification(dir.appendingPathComponent("broken.json"))),
    ])
    let space = ParameterSpace([Parameter("D_w", prior: .logUniform(lower: 0.02, upper: 1.5)),
                                Parameter("rho", prior: .logUniform(lower: 0.002, upper: 0.2))])
    let job: CohortRunner.SpecificationJob = { spec, folder in
        guard spec.lastPathComponent == "ok.json" else { throw GrowthCurveError.invalidSetting("cannot run \(spec.lastPathComponent)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let s = Diagnostics.summarize(name: "rho", chains: [[0.01, 0.02, 0.03, 0.02]])
        return CohortRunner.SpecificationResult(summaries: [s], space: space, logEvidence: -12)
    }
    let out = dir.appendingPathComponent("out")
    let table = try CohortRunner(manifest: manifest, growth: try GrowthJobSettings(), output: out, jobs: 2, specificationJob: job).run()
    #expect(table.records.map(\.status) == ["complete", "failed"])
    #expect(table.records[0].kind == "specification" && table.records[0].models.first?.rateName == "rho")
    #expect(table.records[1].error?.contains("cannot run broken.json") == true)
    let description = try JSONDecoder().decode(FittedModelDescription.self,
                                               from: Data(contentsOf: out.appendingPathComponent("patients/ok/patient/model.json")))
    #expect(description.space == space && description.logEvidence == -12)
}

/// A specification patient whose run stops on its wall-clock budget is `stopped` (not `complete`) with
/// converged = false, and the next invocation continues its run folder instead of skipping it; a run that
/// then uses up its iterations unconverged is `complete` with converged = false.
@Test func stoppedSpecificationPatientIsContinuedNotSkipped() throws {
    let dir = CalibrationFixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = try CalibrationFixtures.writePatient(in: dir, extraModel: ["subsample": ["every": 3, "roi_margin_mm": 4]])
    let manifest = CohortManifest(patients: [CohortPatient(id: "p", cohort: "A", source: .specification(spec))])
    var settings = InferenceSettings()
    settings.chains = 2; settings.warmup = 10; settings.samples = 20; settings.seed = 3; settings.threads = 1
    settings.initialCandidates = 2; settings.optimizerEvaluations = 0
    var budgeted = settings
    budgeted.maximumMinutes = 0   // the deadline has passed at the first iteration: the run stops at once
    let out = dir.appendingPathComponent("out")
    func run(_ s: InferenceSettings) throws -> (CohortTable, [String]) {
        let log = OutcomeLog()
        let table = try CohortRunner(manifest: manifest, growth: try GrowthJobSettings(), output: out, jobs: 1,
                                     specificationJob: SpecificationPatientJob.make(settings: s, builtinAnatomy: nil)).run { id, o, _ in log.add(id, o) }
        return (table, log.sorted)
    }

    let (first, firstOutcomes) = try run(budgeted)
    #expect(firstOutcomes == ["p:stopped"])
    #expect(first.records[0].status == "stopped" && !first.records[0].isComplete)
    #expect(first.records[0].converged == false && first.records[0].stopReason == "requested")
    let csv = try String(contentsOf: out.appendingPathComponent("cohort.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv[0].hasPrefix("patient,cohort,status,converged,stop_reason,model,best_model,"))
    #expect(csv[1].hasPrefix("p,A,stopped,false,requested,patient,"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("cohort.json"))) as? [[String: Any]]
    #expect(json?.first?["status"] as? String == "stopped")
    #expect(json?.first?["converged"] as? Bool == false && json?.first?["stop_reason"] as? String == "requested")

    // Run again without the budget: the job continues the stopped run folder to the end of its iterations.
    let (second, secondOutcomes) = try run(settings)
    #expect(secondOutcomes == ["p:ran"])
    #expect(second.records[0].status == "complete")
    #expect(second.records[0].stopReason == "budget")
    #expect(second.records[0].converged == false, "20 draws per chain cannot reach bulk-ESS 400")
    let draws = try CmdStanCSVReader.read(out.appendingPathComponent("patients/p/patient/chain-1.csv"))
    #expect(draws.drawCount == 20)
    let row = try String(contentsOf: out.appendingPathComponent("cohort.csv"), encoding: .utf8).split(separator: "\n")[1]
    #expect(row.hasPrefix("p,A,complete,false,budget,patient,"))

    // Complete now: a third invocation skips it.
    let (_, thirdOutcomes) = try run(settings)
    #expect(thirdOutcomes == ["p:resumed"])
}
