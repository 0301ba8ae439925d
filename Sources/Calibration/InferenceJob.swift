import Foundation
import Imaging
import Inference
import Probability

/// Settings of one `gliobayes infer` job (how to sample; what to sample is the specification).
public struct InferenceSettings: Sendable {
    public enum SamplerKind: String, Sendable, CaseIterable {
        case adaptiveMetropolis = "adaptive-metropolis"
        case fastSlow = "fast-slow"
        case delayedAcceptance = "delayed-acceptance"
        case ensemble
        case tmcmc
    }
    public var sampler: SamplerKind = .adaptiveMetropolis
    public var chains = 4
    public var warmup = 1000
    public var samples = 2000
    public var seed: UInt64 = 1
    public var threads = 1
    /// Wall-clock budget; the run stops (resumably) when it is used up.
    public var maximumMinutes: Double?
    public var resume = false
    /// TMCMC particles per run.
    public var particles = 500
    public var convergence = ConvergenceRule()
    /// Size-matched candidates per chain for the starting point (see ``StartingPoints``).
    public var initialCandidates = 12
    /// Nelder–Mead evaluations that move the best candidate to a mode before the chains start (0: none).
    public var optimizerEvaluations = 400
    /// Initial random-walk proposal sd on the unconstrained scale (adapted during warm-up).
    public var initialProposalScale = 0.05
    /// Fast–slow sampler: moves of (ρ, T, imaging parameters) per time-rescaled run.
    public var fastMoves = 10
    public init() {}
}

/// The outcome of `infer`.
public struct InferenceOutcome: Sendable {
    public var summaries: [ParameterSummary]
    public var isConverged: Bool
    public var stopReason: String
    public var wallSeconds: Double
    public var solves: [Int: Int]
    public var logEvidence: Double?
}

/// Runs a patient inference job into a run folder (DESIGN.md §5): resolved spec, CmdStan CSV per chain,
/// summary CSV/JSON, sampler statistics (acceptance, forward solves per resolution, wall time),
/// checkpoints, and `run.json` written last.
///
/// Fast–slow (`--sampler fast-slow`): ``Inference/FastSlowMetropolis`` on ``GrowthPosterior``, in the
/// coordinates of ``InvasionCoordinates`` (log κ for D_w, log ρT for T): one slow move per iteration pays for a
/// time-rescaled run for `(κ, seed)`, then `fastMoves` moves of ρ, T and the imaging parameters reuse it.
/// Draws are written in the standard coordinates like every other sampler's.
///
/// Multi-resolution: with `--sampler delayed-acceptance` the likelihood on the screening grid
/// (`model.screen_resolution_mm`, default 4 mm; must be coarser than the target) screens each proposal
/// before the target-resolution solve (Christen & Fox 2005); the result is exact for the target grid.
public enum InferenceJob {
    public static func run(specificationURL: URL, runFolder: URL, settings: InferenceSettings,
                           builtinAnatomy: (whiteMatter: URL, greyMatter: URL)?,
                           command: String? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) throws(CalibrationError) -> InferenceOutcome {
        let wallStart = Date()
        // Read and check everything before touching the run folder, so a bad spec leaves nothing behind.
        let specification = try PatientSpecification.read(specificationURL)
        let data = try PatientData.load(specification, builtinAnatomy: builtinAnatomy)
        let model = try ResolvedModel.resolve(data)
        let folder = RunFolder(runFolder)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: runFolder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CalibrationError(.output, runFolder.path, "exists and is not a folder") }
            let contents = (try? fm.contentsOfDirectory(atPath: runFolder.path)) ?? []
            if !contents.isEmpty && !settings.resume {
                throw CalibrationError(.output, runFolder.path, "run folder is not empty; use --resume to continue it or choose another --out")
            }
        } else {
            if settings.resume { throw CalibrationError(.inputFile, runFolder.path, "--resume given but the run folder does not exist") }
            do { try fm.createDirectory(at: runFolder, withIntermediateDirectories: true) } catch {
                throw CalibrationError(.output, runFolder.path, "cannot create the run folder: \(error.localizedDescription)")
            }
        }

        let target = try ObservationModel(data: data, resolutionMillimeters: specification.model.resolutionMillimeters)
        var screen: ObservationModel?
        if settings.sampler == .delayedAcceptance {
            let res = specification.model.screenResolutionMillimeters ?? 4
            guard res > specification.model.resolutionMillimeters else {
                throw CalibrationError(.specification, "model.screen_resolution_mm",
                                       "delayed acceptance needs a screening grid coarser than resolution_mm = \(specification.model.resolutionMillimeters)")
            }
            screen = try ObservationModel(data: data, resolutionMillimeters: res)
        }
        func gridRecord(_ o: ObservationModel, role: String) -> ResolvedRun.Grid {
            let s = o.domain.patientGrid.shape, w = o.domain.workGrid.shape
            return .init(resolutionMillimeters: o.resolutionMillimeters, role: role, shape: [s.x, s.y, s.z], workShape: [w.x, w.y, w.z],
                         tissueVoxels: o.domain.tissueVoxelCount, regionOfInterestVoxels: o.regionVoxelCount,
                         likelihoodVoxels: o.voxels.count, subsampleEvery: specification.model.subsample.every,
                         roiMarginMillimeters: specification.model.subsample.roiMarginMillimeters)
        }
        let resolved = ResolvedRun(specification: specification, model: model,
                                   grids: [gridRecord(target, role: "target")] + (screen.map { [gridRecord($0, role: "screen")] } ?? []),
                                   notes: data.notes, patientGridShape: [data.grid.shape.x, data.grid.shape.y, data.grid.shape.z],
                                   patientSpacingMillimeters: [data.grid.spacingMillimeters.x, data.grid.spacingMillimeters.y, data.grid.spacingMillimeters.z])
        if settings.resume, fm.fileExists(atPath: folder.resolvedSpecification.path) {
            let old = try folder.readJSON(ResolvedRun.self, from: folder.resolvedSpecification)
            guard old.model == model, old.specification.model == specification.model, old.specification.scans == specification.scans else {
                throw CalibrationError(.specification, specificationURL.path, "differs from the one this run was started with (\(folder.resolvedSpecification.path)); cannot resume")
            }
        }
        if settings.resume, let record = try? folder.readJSON(RunFolder.Record.self, from: folder.runRecord), record.status != "failed" {
            // The sampler, seed and chains must match the checkpoint: say so plainly rather than fail to decode it.
            for (flag, old, new) in [("--sampler", record.sampler, settings.sampler.rawValue), ("--seed", "\(record.seed)", "\(settings.seed)"),
                                     ("--chains", "\(record.chains)", "\(settings.chains)")] where old != new {
                throw CalibrationError(.specification, flag, "is \(new) but the run in \(runFolder.path) was started with \(old); --resume continues a run with its own settings")
            }
        }
        // A refused or failed continuation must leave the folder describing the run it holds.
        let previousRecord = settings.resume ? try? Data(contentsOf: folder.runRecord) : nil
        let previousResolved = settings.resume ? try? Data(contentsOf: folder.resolvedSpecification) : nil
        do {
            return try sampleAndFinish(specification: specification, data: data, model: model, folder: folder, resolved: resolved,
                                       target: target, screen: screen, settings: settings, wallStart: wallStart, command: command, log: log)
        } catch {
            if let previousRecord {
                try? folder.write(previousRecord, to: folder.runRecord)
                if let previousResolved { try? folder.write(previousResolved, to: folder.resolvedSpecification) }
            } else {
                try? folder.writeJSON(RunFolder.Record(status: "failed", sampler: settings.sampler.rawValue, seed: settings.seed, chains: settings.chains,
                                                       converged: nil, stopReason: "\(error)", wallSeconds: Date().timeIntervalSince(wallStart),
                                                       gliobayesCommand: command), to: folder.runRecord)
            }
            throw error
        }
    }

    /// Everything after the checks: records, starting points, sampling, outputs (``run(specificationURL:runFolder:settings:builtinAnatomy:command:log:)``).
    private static func sampleAndFinish(specification: PatientSpecification, data: PatientData, model: ResolvedModel, folder: RunFolder,
                                        resolved: ResolvedRun, target: ObservationModel, screen: ObservationModel?, settings: InferenceSettings,
                                        wallStart: Date, command: String?, log: @escaping @Sendable (String) -> Void) throws(CalibrationError) -> InferenceOutcome {
        let fm = FileManager.default
        let runFolder = folder.url
        try folder.writeJSON(resolved, to: folder.resolvedSpecification)
        try folder.writeJSON(RunFolder.Record(status: "running", sampler: settings.sampler.rawValue, seed: settings.seed, chains: settings.chains,
                                              converged: nil, stopReason: nil, wallSeconds: nil, gliobayesCommand: command), to: folder.runRecord)
        for g in resolved.grids {
            log("grid \(g.resolutionMillimeters) mm (\(g.role)): \(g.tissueVoxels) tissue voxels, likelihood on \(g.likelihoodVoxels) of \(g.regionOfInterestVoxels) ROI voxels (every \(g.subsampleEvery))")
        }
        log("free parameters: \(model.freeParameters.map(\.rawValue).joined(separator: ", "))")

        let space = model.space
        let counter = SolveCounter()
        var options = SamplingOptions(chains: settings.chains, warmupIterations: settings.warmup, samplingIterations: settings.samples,
                                      seed: settings.seed, convergence: settings.convergence)
        options.initializationAttempts = 200
        let deadline = settings.maximumMinutes.map { wallStart.addingTimeInterval($0 * 60) }
        var lastLog = Date()
        let progress: (SamplingProgress) -> ProgressDecision = { p in
            if Date().timeIntervalSince(lastLog) > 10 {
                lastLog = Date()
                let r = p.maximumRHat.map { String(format: " max R̂ %.3f min ESS %.0f", $0, p.minimumBulkESS ?? .nan) } ?? ""
                log("iteration \(p.iteration)/\(p.totalIterations)\(p.isWarmup ? " (warm-up)" : "") acceptance \(String(format: "%.2f", p.counters.acceptanceRate))\(r)")
            }
            if let deadline, Date() > deadline { return .stop }
            return .continue
        }
        let coordinates = InvasionCoordinates(model: model)
        // The convergence rule judges what is written out: standard coordinates, also for fast–slow.
        let monitored: (@Sendable ([Double]) -> [Double])? = settings.sampler == .fastSlow ? { @Sendable w in coordinates.standard(w).coordinates } : nil
        let execution = ExecutionOptions(threads: settings.threads,
                                         checkpoint: settings.sampler == .tmcmc ? nil : CheckpointPolicy(url: folder.checkpoint, everyIterations: 50, everySeconds: 30),
                                         progress: progress,
                                         monitoredQuantities: monitored)
        // Data-informed starts (StartingPoints) unless a checkpoint will be resumed or TMCMC (which needs prior draws).
        var initialization = Initialization.draw { space.samplePriorUnconstrained(using: &$0) }
        let resuming = settings.resume && fm.fileExists(atPath: folder.checkpoint.path)
        let initialObservations = screen ?? target
        if settings.sampler != .tmcmc && !resuming {
            let units = settings.sampler == .ensemble ? max(2 * space.dimension + 2, settings.chains + settings.chains % 2) : settings.chains
            let starts = StartingPoints.search(model: model, chains: units, candidates: settings.initialCandidates, seed: settings.seed,
                                               threads: settings.threads, optimizerEvaluations: settings.optimizerEvaluations) {
                Posterior(space: space, likelihood: PatientLikelihood(observations: initialObservations, model: model, counter: counter))
            }
            initialization = .points(settings.sampler == .fastSlow ? starts.map { coordinates.coordinates(standard: $0) } : starts, jitter: 0)
            log("starting points: best of \(settings.initialCandidates) size-matched candidates per chain, then \(settings.optimizerEvaluations) Nelder–Mead evaluations")
        }
        let proposal = [Double](repeating: settings.initialProposalScale, count: space.dimension)
        let result: SamplingResult
        do {
            switch settings.sampler {
            case .adaptiveMetropolis, .ensemble, .tmcmc:
                let factory = LogDensityFactory<Posterior<PatientLikelihood>> { _ in
                    Posterior(space: space, likelihood: PatientLikelihood(observations: target, model: model, counter: counter))
                }
                switch settings.sampler {
                case .adaptiveMetropolis:
                    result = try AdaptiveMetropolis<Posterior<PatientLikelihood>>(initialProposalStandardDeviations: proposal).sample(target: factory, options: options, initialization: initialization, execution: execution)
                case .ensemble:
                    result = try EnsembleSampler<Posterior<PatientLikelihood>>().sample(target: factory, options: options, initialization: initialization, execution: execution)
                default:
                    result = try TransitionalMCMC<Posterior<PatientLikelihood>>(particles: settings.particles).sample(target: factory, options: options, initialization: initialization, execution: execution)
                }
            case .fastSlow:
                // Each worker serves ⌈chains/threads⌉ chains, each needing its current run and its proposal's.
                let keep = 2 * ((settings.chains + settings.threads - 1) / settings.threads) + 1
                let factory = LogDensityFactory<GrowthPosterior> { _ in
                    GrowthPosterior(likelihood: PatientLikelihood(observations: target, model: model, counter: counter), keep: keep)
                }
                let sampled = try FastSlowMetropolis<GrowthPosterior>(fastMoves: settings.fastMoves, initialProposalStandardDeviations: proposal)
                    .sample(target: factory, options: options, initialization: initialization, execution: execution)
                result = coordinates.standardResult(sampled)
            case .delayedAcceptance:
                guard let screen else { preconditionFailure("screen grid missing") }
                typealias P = Posterior<PatientLikelihood>
                let factory = LogDensityFactory<DelayedAcceptanceTarget<P, P>> { _ in
                    DelayedAcceptanceTarget(cheap: P(space: space, likelihood: PatientLikelihood(observations: screen, model: model, counter: counter)),
                                            expensive: P(space: space, likelihood: PatientLikelihood(observations: target, model: model, counter: counter)))
                }
                result = try DelayedAcceptanceMetropolis<P, P>(initialProposalStandardDeviations: proposal).sample(target: factory, options: options, initialization: initialization, execution: execution)
            }
        } catch {
            switch error {
            case .writeFailed(let path, let reason):
                throw CalibrationError(.output, path, reason)   // a full disk is an output problem (exit 5), not a failed computation
            case .incompatibleCheckpoint(let path, let reason), .unreadableCheckpoint(let path, let reason):
                throw CalibrationError(.inputFile, path, "cannot continue this run: \(reason)")
            case .initialPositionsNotFinite, .initializationFailed:
                throw CalibrationError(.computation, runFolder.path, "sampling failed: \(error); no parameter values inside the priors "
                    + "(with the fixed values of model.fixed) explain the data at all: check model.fixed, model.priors and the images")
            default:
                throw CalibrationError(.computation, runFolder.path, "sampling failed: \(error)")
            }
        }
        if let fewest = result.chains.map(\.count).min(), fewest < 4 {
            log("warning: only \(fewest) post-warm-up draws in a chain: no summaries or diagnostics (they need ≥ 4 per chain); "
                + "raise --samples or --max-minutes, or --resume this run")
        }
        return try finish(result: result, folder: folder, model: model, settings: settings, counter: counter,
                          wallStart: wallStart, command: command, name: specification.name)
    }

    /// Per-parameter summaries (natural scale) of a result.
    public static func summaries(_ result: SamplingResult, space: ParameterSpace) -> [ParameterSummary] {
        let traces = result.constrainedTraces(space)
        return zip(space.columnNames, traces).map { Diagnostics.summarize(name: $0, chains: $1) }
    }

    struct SummaryRecord: Codable {
        var name: String; var mean: Double; var sd: Double; var q5: Double; var q50: Double; var q95: Double
        var r_hat: Double; var ess_bulk: Double; var ess_tail: Double; var mcse_mean: Double; var mcse_sd: Double
    }
    struct SummaryFile: Codable {
        var parameters: [SummaryRecord]
        var converged: Bool
        var rule: String
        var log_evidence: Double?
        var log_evidence_se: Double?
        var draws_per_chain: Int
        var chains: Int
    }
    struct SamplerFile: Codable {
        var sampler: String
        var settings: [String: String]
        var seed: UInt64
        var chains: Int
        var iterations_per_chain: Int
        var warmup_iterations: Int
        var stop_reason: String
        var proposals: Int
        var accepted: Int
        var acceptance_rate: Double
        var stage_one_acceptance_rate: Double?
        var fast_proposals: Int?
        var fast_acceptance_rate: Double?
        var non_finite_proposals: Int
        var log_density_evaluations: Int
        var cheap_evaluations: Int
        var forward_solves_by_resolution_mm: [String: Int]
        var failed_solves_by_resolution_mm: [String: Int]
        var solver_seconds_by_resolution_mm: [String: Double]
        var warmup_seconds: Double
        var sampling_seconds: Double
        var wall_seconds_this_session: Double
        var log_evidence: Double?
    }

    static func finish(result: SamplingResult, folder: RunFolder, model: ResolvedModel, settings: InferenceSettings,
                       counter: SolveCounter, wallStart: Date, command: String?, name: String) throws(CalibrationError) -> InferenceOutcome {
        let space = model.space
        do { _ = try CmdStanCSVWriter.write(result, space: space, modelName: "gliobayes-\(name)", directory: folder.url) } catch {
            throw CalibrationError(.output, folder.url.path, "cannot write draws: \(error)")
        }
        let hasDraws = result.chains.allSatisfy { $0.count >= 4 }
        let sums = hasDraws ? summaries(result, space: space) : []
        let rule = settings.convergence
        let converged = hasDraws && sums.allSatisfy { $0.isConverged(maximumRHat: rule.maximumRHat, minimumBulkESS: rule.minimumBulkESS) }
        let records = sums.map { SummaryRecord(name: $0.name, mean: $0.mean, sd: $0.standardDeviation, q5: $0.q5, q50: $0.q50, q95: $0.q95,
                                               r_hat: $0.rHat, ess_bulk: $0.bulkESS, ess_tail: $0.tailESS, mcse_mean: $0.mcseMean, mcse_sd: $0.mcseStandardDeviation) }
        var csv = "name,mean,sd,q5,q50,q95,r_hat,ess_bulk,ess_tail,mcse_mean,mcse_sd\n"
        func f(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")) }
        for r in records {
            csv += [r.name, f(r.mean), f(r.sd), f(r.q5), f(r.q50), f(r.q95), f(r.r_hat), f(r.ess_bulk), f(r.ess_tail), f(r.mcse_mean), f(r.mcse_sd)].joined(separator: ",") + "\n"
        }
        if let z = result.logEvidence { csv += "# log_evidence = \(z) ± \(result.logEvidenceStandardError ?? .nan)\n" }
        try folder.write(Data(csv.utf8), to: folder.summaryCSV)
        try folder.writeJSON(SummaryFile(parameters: records, converged: converged,
                                         rule: "all R-hat < \(rule.maximumRHat) and bulk-ESS >= \(rule.minimumBulkESS)",
                                         log_evidence: result.logEvidence, log_evidence_se: result.logEvidenceStandardError,
                                         draws_per_chain: result.chains.first?.count ?? 0, chains: result.chains.count), to: folder.summaryJSON)
        let c = result.totalCounters
        let snap = counter.snapshot()
        let wall = Date().timeIntervalSince(wallStart)
        try folder.writeJSON(SamplerFile(
            sampler: result.samplerName, settings: result.settings, seed: settings.seed, chains: result.chains.count,
            iterations_per_chain: result.iterations, warmup_iterations: result.options.warmupIterations, stop_reason: result.stopReason.rawValue,
            proposals: c.proposals, accepted: c.accepted, acceptance_rate: c.acceptanceRate,
            stage_one_acceptance_rate: c.cheapEvaluations > 0 ? c.stageOneAcceptanceRate : nil,
            fast_proposals: c.fastProposals > 0 ? c.fastProposals : nil,
            fast_acceptance_rate: c.fastProposals > 0 ? c.fastAcceptanceRate : nil,
            non_finite_proposals: c.nonFiniteProposals, log_density_evaluations: c.logDensityEvaluations, cheap_evaluations: c.cheapEvaluations,
            forward_solves_by_resolution_mm: Dictionary(uniqueKeysWithValues: snap.solves.map { ("\($0.key)", $0.value) }),
            failed_solves_by_resolution_mm: Dictionary(uniqueKeysWithValues: snap.failures.map { ("\($0.key)", $0.value) }),
            solver_seconds_by_resolution_mm: Dictionary(uniqueKeysWithValues: snap.seconds.map { ("\($0.key)", $0.value) }),
            warmup_seconds: result.warmupSeconds, sampling_seconds: result.samplingSeconds, wall_seconds_this_session: wall,
            log_evidence: result.logEvidence), to: folder.samplerStatistics)
        let complete = result.stopReason != .requested
        try folder.writeJSON(RunFolder.Record(status: complete ? "complete" : "stopped", sampler: settings.sampler.rawValue, seed: settings.seed,
                                              chains: settings.chains, converged: converged, stopReason: result.stopReason.rawValue,
                                              wallSeconds: wall, gliobayesCommand: command), to: folder.runRecord)
        return InferenceOutcome(summaries: sums, isConverged: converged, stopReason: result.stopReason.rawValue, wallSeconds: wall,
                                solves: snap.solves, logEvidence: result.logEvidence)
    }
}
