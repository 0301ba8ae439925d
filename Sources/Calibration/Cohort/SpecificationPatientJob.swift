import Foundation

/// The job for a cohort patient given by a specification: ``InferenceJob`` (what `gliobayes infer` runs)
/// into the patient's run folder, reporting the summaries, convergence and how the run ended.
///
/// A run folder left by an earlier invocation (stopped on its wall-clock budget, or killed) is continued
/// with `resume = true`: from its checkpoint when there is one, and refused when the specification has
/// changed since the run started.
public enum SpecificationPatientJob {
    /// - Parameters:
    ///   - settings: how to sample (its `resume` is set per folder).
    ///   - builtinAnatomy: the built-in white/grey matter maps, for specifications that name them.
    ///   - command: recorded in the run folder's `run.json`.
    public static func make(settings: InferenceSettings, builtinAnatomy: (whiteMatter: URL, greyMatter: URL)?,
                            command: String? = nil) -> CohortRunner.SpecificationJob {
        { specification, runFolder in
            var s = settings
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: runFolder.path)) ?? []
            s.resume = !contents.isEmpty
            let outcome = try InferenceJob.run(specificationURL: specification, runFolder: runFolder, settings: s,
                                               builtinAnatomy: builtinAnatomy, command: command)
            let folder = RunFolder(runFolder)
            let resolved = try folder.readJSON(ResolvedRun.self, from: folder.resolvedSpecification)
            // run.json is the run's own word on how it ended: `stopped` when the wall-clock budget ran out.
            let record = try folder.readJSON(RunFolder.Record.self, from: folder.runRecord)
            return CohortRunner.SpecificationResult(summaries: outcome.summaries, space: resolved.model.space,
                                                    logEvidence: outcome.logEvidence, isConverged: outcome.isConverged,
                                                    stopReason: outcome.stopReason, isStopped: record.status == "stopped")
        }
    }
}
