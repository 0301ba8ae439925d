import Foundation
import Testing
import Imaging
import Inference
@testable import Calibration

@Suite struct InferenceJobTests {
    func settings(samples: Int = 40) -> InferenceSettings {
        var s = InferenceSettings()
        s.chains = 2; s.warmup = 20; s.samples = samples; s.seed = 11; s.threads = 2
        return s
    }

    @Test func tinyEndToEndInferAndPredict() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder, extraModel: ["subsample": ["every": 2, "roi_margin_mm": 6]])
        let run = folder.appendingPathComponent("run")
        let outcome = try InferenceJob.run(specificationURL: specURL, runFolder: run, settings: settings(), builtinAnatomy: nil)
        let files = Set((try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? [])
        for name in ["run.json", "resolved-spec.json", "summary.csv", "summary.json", "sampler.json", "chain-1.csv", "chain-2.csv", "checkpoint.json"] {
            #expect(files.contains(name), "\(name) missing")
        }
        let record = try RunFolder(run).readJSON(RunFolder.Record.self, from: RunFolder(run).runRecord)
        #expect(record.status == "complete")
        let csv = try CmdStanCSVReader.read(run.appendingPathComponent("chain-1.csv"))
        #expect(csv.drawCount == 40)
        #expect(csv.columnNames.prefix(5) == ["lp__", "accept_stat__", "D_w", "rho", "T"])
        #expect(csv.column("theta_FL")?.allSatisfy { $0 >= 0.05 && $0 <= 0.6 } == true)
        #expect(outcome.summaries.count == 8)
        #expect((outcome.solves[2] ?? 0) >= 2 * 60)
        let resolved = try RunFolder(run).readJSON(ResolvedRun.self, from: RunFolder(run).resolvedSpecification)
        #expect(resolved.grids[0].subsampleEvery == 2)
        #expect(resolved.grids[0].likelihoodVoxels == (resolved.grids[0].regionOfInterestVoxels + 1) / 2)

        // A second infer into the same folder without --resume is refused.
        #expect(throws: CalibrationError.self) { try InferenceJob.run(specificationURL: specURL, runFolder: run, settings: settings(), builtinAnatomy: nil) }

        let prediction = try PosteriorPrediction.run(runFolder: run, days: [10], draws: 6, builtinAnatomy: nil, threads: 2)
        #expect(prediction.draws == 6)
        for name in ["mean-c-day10.nii.gz", "sd-c-day10.nii.gz", "p-visible-t1gd-day10.nii.gz", "p-visible-flair-day10.nii.gz",
                     "target-margin-15mm.nii.gz", "target-model.nii.gz"] {
            let v = try NIfTIFile.readVolume(run.appendingPathComponent("predict").appendingPathComponent(name))
            #expect(v.grid.isCompatible(with: CalibrationFixtures.grid), "\(name)")
            #expect(v.values.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name)")
        }
        let p = try NIfTIFile.readVolume(run.appendingPathComponent("predict/p-visible-flair-day10.nii.gz"))
        #expect(p.values.contains { $0 > 0.5 })
        let margin = try NIfTIFile.readVolume(run.appendingPathComponent("predict/target-margin-15mm.nii.gz"))
        let model = try NIfTIFile.readVolume(run.appendingPathComponent("predict/target-model.nii.gz"))
        #expect(margin.values.reduce(0, +) == model.values.reduce(0, +))
        let volumes = try String(contentsOf: run.appendingPathComponent("predict/volumes.csv"), encoding: .utf8)
        #expect(volumes.hasPrefix("day_after_first_scan,day_after_last_scan,region,mean_mm3,q5_mm3,q25_mm3,q50_mm3,q75_mm3,q95_mm3"))
    }

    /// A run stopped part-way (here: by a budget smaller than requested) and resumed gives the same draws
    /// as an uninterrupted run.
    @Test func resumeGivesTheSameDraws() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder, extraModel: ["subsample": ["every": 3, "roi_margin_mm": 4]])
        let whole = folder.appendingPathComponent("whole"), parts = folder.appendingPathComponent("parts")
        _ = try InferenceJob.run(specificationURL: specURL, runFolder: whole, settings: settings(samples: 30), builtinAnatomy: nil)
        _ = try InferenceJob.run(specificationURL: specURL, runFolder: parts, settings: settings(samples: 10), builtinAnatomy: nil)
        var again = settings(samples: 30)
        again.resume = true
        _ = try InferenceJob.run(specificationURL: specURL, runFolder: parts, settings: again, builtinAnatomy: nil)
        for k in 1...2 {
            let a = try CmdStanCSVReader.read(whole.appendingPathComponent("chain-\(k).csv"))
            let b = try CmdStanCSVReader.read(parts.appendingPathComponent("chain-\(k).csv"))
            #expect(a.rows == b.rows)
            #expect(a.drawCount == 30)
        }
    }

    /// A continuation refused (another seed than the run was started with) leaves the folder's
    /// records as they were; a job that fails outright records status "failed", never "running".
    @Test func refusedOrFailedRunsLeaveHonestRecords() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder, extraModel: ["subsample": ["every": 3, "roi_margin_mm": 4]])
        let run = folder.appendingPathComponent("run")
        _ = try InferenceJob.run(specificationURL: specURL, runFolder: run, settings: settings(samples: 10), builtinAnatomy: nil)
        let before = try Data(contentsOf: RunFolder(run).runRecord)
        var other = settings(samples: 20)
        other.resume = true
        other.seed = 99
        do { _ = try InferenceJob.run(specificationURL: specURL, runFolder: run, settings: other, builtinAnatomy: nil); Issue.record("expected a refusal") } catch {
            #expect(error.location == "--seed" && error.message.contains("started with 11"), "\(error)")
        }
        #expect(try Data(contentsOf: RunFolder(run).runRecord) == before)

        // ρ fixed at 100/day: the tumour fills the brain at once, nothing inside the priors fits.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bad"), withIntermediateDirectories: true)
        let bad = try CalibrationFixtures.writePatient(in: folder.appendingPathComponent("bad"), extraModel: ["fixed": ["rho": 100]])
        let failed = folder.appendingPathComponent("failed")
        do { _ = try InferenceJob.run(specificationURL: bad, runFolder: failed, settings: settings(), builtinAnatomy: nil); Issue.record("expected a failure") } catch {
            #expect(error.message.contains("model.fixed"), "\(error)")
        }
        let record = try RunFolder(failed).readJSON(RunFolder.Record.self, from: RunFolder(failed).runRecord)
        #expect(record.status == "failed")
    }

    /// Delayed acceptance: every proposal is screened on the 4 mm grid, survivors pay a 2 mm solve; both
    /// are counted, and the screen is called at least as often as the target.
    @Test func delayedAcceptanceCountsSolvesPerResolution() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder, extraModel: ["screen_resolution_mm": 4, "subsample": ["every": 2, "roi_margin_mm": 6]])
        var s = settings(samples: 20)
        s.sampler = .delayedAcceptance
        let outcome = try InferenceJob.run(specificationURL: specURL, runFolder: folder.appendingPathComponent("run"), settings: s, builtinAnatomy: nil)
        let fine = outcome.solves[2] ?? 0, coarse = outcome.solves[4] ?? 0
        #expect(fine > 0)
        #expect(coarse >= 2 * 40)
        #expect(coarse >= fine - 2 * 13 - 2)   // the target also evaluates the 2 starting points (and the optimiser runs on the screen)
        let resolved = try RunFolder(folder.appendingPathComponent("run")).readJSON(ResolvedRun.self, from: RunFolder(folder.appendingPathComponent("run")).resolvedSpecification)
        #expect(resolved.grids.map(\.role) == ["target", "screen"])
    }
}
