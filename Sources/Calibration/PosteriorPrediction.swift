import Foundation
import Imaging
import Inference
import TumorModel

/// The posterior predictive of a finished run (`gliobayes predict`).
///
/// Draws (evenly spaced over the pooled chains) → forward runs at the inference resolution to the
/// requested days → per patient voxel (each takes the value of the inference voxel holding it):
/// mean and sd of `c`, P(visible on T1Gd) = share of draws with `c ≥ θ_T1` (the draw's θ), P(visible on
/// FLAIR) likewise; visible volumes against time with 50 % and 90 % bands; and the radiotherapy target
/// of PREDICT-GBM style: the standard plan is the T1Gd core of the last scan grown by 15 mm (Euclidean,
/// world mm) within brain tissue; the model plan is the region of equal volume with the highest posterior
/// mean `c` at the last scan day (an iso-level of the posterior-mean density).
///
/// Days are counted from the *last* scan (`--days 30` = 30 days after the last scan).
public enum PosteriorPrediction {
    public struct Outcome: Sendable {
        public var files: [URL]
        public var draws: Int
        public var standardPlanVolume: Double
        public var modelPlanVolume: Double
    }

    public static func run(runFolder: URL, days requested: [Double], draws requestedDraws: Int,
                           builtinAnatomy: (whiteMatter: URL, greyMatter: URL)?, threads: Int,
                           log: @escaping @Sendable (String) -> Void = { _ in }) throws(CalibrationError) -> Outcome {
        let folder = RunFolder(runFolder)
        let record = try folder.readJSON(RunFolder.Record.self, from: folder.runRecord)
        guard record.status == "complete" || record.status == "stopped" else {
            throw CalibrationError(.inputFile, folder.runRecord.path, "run status is \"\(record.status)\"; finish or resume the run first")
        }
        let resolved = try folder.readJSON(ResolvedRun.self, from: folder.resolvedSpecification)
        let data = try PatientData.load(resolved.specification, builtinAnatomy: builtinAnatomy)
        let model = resolved.model
        let observations = try ObservationModel(data: data, resolutionMillimeters: resolved.specification.model.resolutionMillimeters)

        // Pooled draws of the free parameters.
        var pooled: [[Double]] = []
        for file in folder.chainFiles() {
            let csv: CmdStanCSVFile
            do { csv = try CmdStanCSVReader.read(file) } catch { throw CalibrationError(.inputFile, file.path, "\(error)") }
            var columns: [[Double]] = []
            for p in model.freeParameters {
                guard let c = csv.column(p.rawValue) else { throw CalibrationError(.inputFile, file.path, "no column \(p.rawValue)") }
                columns.append(c)
            }
            for i in 0..<csv.drawCount { pooled.append(columns.map { $0[i] }) }
        }
        guard !pooled.isEmpty else { throw CalibrationError(.inputFile, runFolder.path, "no draws in the run folder") }
        let n = min(requestedDraws, pooled.count)
        let picks = (0..<n).map { pooled[Int((Double($0) + 0.5) * Double(pooled.count) / Double(n))] }

        let lastDay = data.scans.map(\.day).max() ?? 0
        let mapDays = requested.map { lastDay + $0 }
        let horizon = max(mapDays.max() ?? lastDay, lastDay)
        let curveDays = Array(Set((0...24).map { Double($0) / 24 * horizon } + mapDays + [lastDay])).sorted()
        let allDays = Array(Set(curveDays + mapDays)).sorted()
        let workCount = observations.domain.workGrid.count
        let voxelVolume = observations.domain.workGrid.voxelVolumeCubicMillimeters

        struct Partial {
            var sum: [[Double]], sumSquares: [[Double]], visibleT1: [[Double]], visibleFL: [[Double]]
            var planningSum: [Double]
            var volumes: [[(t1: Double, fl: Double)]] = []   // per draw, per curve day
            var failed = 0
        }
        let workers = max(1, min(threads, n))
        var partials = [Partial](repeating: Partial(sum: Array(repeating: [Double](repeating: 0, count: workCount), count: mapDays.count),
                                                    sumSquares: Array(repeating: [Double](repeating: 0, count: workCount), count: mapDays.count),
                                                    visibleT1: Array(repeating: [Double](repeating: 0, count: workCount), count: mapDays.count),
                                                    visibleFL: Array(repeating: [Double](repeating: 0, count: workCount), count: mapDays.count),
                                                    planningSum: [Double](repeating: 0, count: workCount)), count: workers)
        partials.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!  // each worker writes only its own slot
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let likelihood = PatientLikelihood(observations: observations, model: model, counter: nil)
                var part = base[w]
                for d in stride(from: w, to: n, by: workers) {
                    let p = model.fullVector(free: picks[d])
                    guard let run = likelihood.forward(full: p, extraDays: allDays) else { part.failed += 1; continue }
                    let theta1 = p[6], thetaF = p[7]
                    for (k, day) in mapDays.enumerated() {
                        guard let j = run.days.firstIndex(of: day) else { continue }
                        let c = run.snapshots[j]
                        for i in 0..<workCount {
                            let v = c[i]
                            part.sum[k][i] += v; part.sumSquares[k][i] += v * v
                            if v >= theta1 { part.visibleT1[k][i] += 1 }
                            if v >= thetaF { part.visibleFL[k][i] += 1 }
                        }
                    }
                    if let j = run.days.firstIndex(of: lastDay) {
                        for i in 0..<workCount { part.planningSum[i] += run.snapshots[j][i] }
                    }
                    part.volumes.append(curveDays.map { day in
                        guard let j = run.days.firstIndex(of: day) else { return (.nan, .nan) }
                        let c = run.snapshots[j]
                        var a = 0, b = 0
                        for v in c { if v >= theta1 { a += 1 }; if v >= thetaF { b += 1 } }
                        return (Double(a) * voxelVolume, Double(b) * voxelVolume)
                    })
                }
                base[w] = part
            }
        }
        let used = n - partials.reduce(0) { $0 + $1.failed }
        guard used > 0 else { throw CalibrationError(.computation, runFolder.path, "every forward run of the draws failed") }
        log("predict: \(used) draws at \(observations.resolutionMillimeters) mm, days \(mapDays.map { String(format: "%g", $0) }.joined(separator: ", ")) after the first scan")

        let out = folder.predictions
        do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
            throw CalibrationError(.output, out.path, "cannot create: \(error.localizedDescription)")
        }
        var files: [URL] = []
        let patientGrid = data.grid
        let f = observations.factor
        let domain = observations.domain
        // Patient voxel → work voxel (or -1 outside the work box).
        let ws = domain.workGrid.shape
        var toWork = [Int](repeating: -1, count: patientGrid.count)
        for z in 0..<patientGrid.shape.z {
            for y in 0..<patientGrid.shape.y {
                for x in 0..<patientGrid.shape.x {
                    let w = SIMD3(x / f, y / f, z / f) &- domain.origin
                    if w.x >= 0, w.y >= 0, w.z >= 0, w.x < ws.x, w.y < ws.y, w.z < ws.z {
                        toWork[patientGrid.index(x, y, z)] = domain.workGrid.index(w.x, w.y, w.z)
                    }
                }
            }
        }
        func patient(_ work: [Double]) -> Volume<Double> {
            Volume(grid: patientGrid, values: toWork.map { $0 >= 0 ? work[$0] : 0 })
        }
        func save(_ v: Volume<Double>, _ name: String, _ description: String, datatype: NIfTIDatatype = .float32) throws(CalibrationError) {
            let url = out.appendingPathComponent(name)
            do { try NIfTIFile.write(v, to: url, datatype: datatype, description: description) } catch {
                throw CalibrationError(.output, url.path, "\(error)")
            }
            files.append(url)
        }
        let count = Double(used)
        for (k, day) in requested.enumerated() {
            var mean = [Double](repeating: 0, count: workCount), sd = mean, p1 = mean, pf = mean
            for i in 0..<workCount {
                let s = partials.reduce(0) { $0 + $1.sum[k][i] }, ss = partials.reduce(0) { $0 + $1.sumSquares[k][i] }
                mean[i] = s / count
                sd[i] = max(0, ss / count - mean[i] * mean[i]).squareRoot()
                p1[i] = partials.reduce(0) { $0 + $1.visibleT1[k][i] } / count
                pf[i] = partials.reduce(0) { $0 + $1.visibleFL[k][i] } / count
            }
            let tag = "day\(String(format: "%g", day))"
            try save(patient(mean), "mean-c-\(tag).nii.gz", "posterior mean c, \(tag) after last scan")
            try save(patient(sd), "sd-c-\(tag).nii.gz", "posterior sd c, \(tag) after last scan")
            try save(patient(p1), "p-visible-t1gd-\(tag).nii.gz", "P(visible T1Gd), \(tag) after last scan")
            try save(patient(pf), "p-visible-flair-\(tag).nii.gz", "P(visible FLAIR), \(tag) after last scan")
        }

        // Volumes against time.
        let allVolumes = partials.flatMap(\.volumes)
        var csv = "day_after_first_scan,day_after_last_scan,region,mean_mm3,q5_mm3,q25_mm3,q50_mm3,q75_mm3,q95_mm3\n"
        func quantile(_ sorted: [Double], _ q: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let h = q * Double(sorted.count - 1), lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        for (j, day) in curveDays.enumerated() {
            for region in ["t1gd", "flair"] {
                let values = allVolumes.map { region == "t1gd" ? $0[j].t1 : $0[j].fl }.filter { $0.isFinite }.sorted()
                let mean = values.reduce(0, +) / Double(max(values.count, 1))
                let row: [String] = [String(format: "%g", day), String(format: "%g", day - lastDay), region] + ([mean] + [0.05, 0.25, 0.5, 0.75, 0.95].map { quantile(values, $0) }).map { String(format: "%.1f", $0) }
                csv += row.joined(separator: ",") + "\n"
            }
        }
        let volumeURL = out.appendingPathComponent("volumes.csv")
        try folder.write(Data(csv.utf8), to: volumeURL)
        files.append(volumeURL)

        // Radiotherapy target (PREDICT-GBM style): 15 mm margin around the last T1Gd core vs equal-volume iso-level of mean c.
        var standardVolume = 0.0, modelVolume = 0.0
        if let core = data.scans.last(where: { $0.t1Gd != nil })?.t1Gd {
            let brain = zip(data.whiteMatter.values, data.greyMatter.values).map { $0 + $1 > 0.5 }
            let margin = dilate(core, radiusMillimeters: 15, within: brain)
            let planning = patient((0..<workCount).map { i in partials.reduce(0) { $0 + $1.planningSum[i] } / count })
            let target = equalVolumeRegion(score: planning.values, within: brain, voxelCount: margin.trueCount)
            standardVolume = Double(margin.trueCount) * patientGrid.voxelVolumeCubicMillimeters
            modelVolume = Double(target.filter { $0 }.count) * patientGrid.voxelVolumeCubicMillimeters
            try save(Volume(grid: patientGrid, values: margin.values.map { $0 ? 1 : 0 }), "target-margin-15mm.nii.gz", "T1Gd core + 15 mm within brain", datatype: .uint8)
            try save(Volume(grid: patientGrid, values: target.map { $0 ? 1 : 0 }), "target-model.nii.gz", "equal-volume iso-level of posterior mean c", datatype: .uint8)
        }
        return Outcome(files: files, draws: used, standardPlanVolume: standardVolume, modelPlanVolume: modelVolume)
    }

    /// Voxels within `radius` mm (world distance) of `mask`, restricted to `within`. Grows a ball from
    /// the surface voxels of the mask only (interior voxels are covered by their surface).
    static func dilate(_ mask: Volume<Bool>, radiusMillimeters r: Double, within: [Bool]) -> Volume<Bool> {
        let g = mask.grid
        var out = mask.values
        let h = g.affine.columnLengths
        let reach = SIMD3(Int((r / h.x).rounded(.down)), Int((r / h.y).rounded(.down)), Int((r / h.z).rounded(.down)))
        var offsets: [SIMD3<Int>] = []
        for dz in -reach.z...reach.z {
            for dy in -reach.y...reach.y {
                for dx in -reach.x...reach.x {
                    let d = SIMD3(Double(dx) * h.x, Double(dy) * h.y, Double(dz) * h.z)
                    if (d * d).sum() <= r * r { offsets.append(SIMD3(dx, dy, dz)) }
                }
            }
        }
        for i in mask.values.indices where mask.values[i] {
            let c = g.coordinates(ofIndex: i)
            var isSurface = false
            for n in [SIMD3(1, 0, 0), SIMD3(-1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, -1, 0), SIMD3(0, 0, 1), SIMD3(0, 0, -1)] {
                let q = c &+ n
                if q.x < 0 || q.y < 0 || q.z < 0 || q.x >= g.shape.x || q.y >= g.shape.y || q.z >= g.shape.z || !mask.values[g.index(q.x, q.y, q.z)] {
                    isSurface = true; break
                }
            }
            guard isSurface else { continue }
            for o in offsets {
                let q = c &+ o
                if q.x < 0 || q.y < 0 || q.z < 0 || q.x >= g.shape.x || q.y >= g.shape.y || q.z >= g.shape.z { continue }
                out[g.index(q.x, q.y, q.z)] = true
            }
        }
        for i in out.indices where out[i] && !within[i] && !mask.values[i] { out[i] = false }
        return Volume(grid: g, values: out)
    }

    /// The `voxelCount` voxels of `within` with the highest score (ties by index).
    static func equalVolumeRegion(score: [Double], within: [Bool], voxelCount: Int) -> [Bool] {
        let candidates = score.indices.filter { within[$0] }.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        var out = [Bool](repeating: false, count: score.count)
        for i in candidates.prefix(voxelCount) { out[i] = true }
        return out
    }
}
