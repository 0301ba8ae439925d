import Calibration
import Foundation
import Imaging
import Inference

/// The uncertainty report of one patient run folder (`gliobayes infer` + optionally `predict`):
/// a self-contained HTML document and a Jupyter notebook that tell the same story.
///
/// Sections: what was run; diagnostics with warnings; posterior summaries with units; traces;
/// marginals over priors; pair plot; predicted visible volume against time with 50/90 % bands and the
/// observed volumes; axial, coronal and sagittal slices through the lesion (P(FLAIR-visible) and mean c
/// over the anatomy, with the observed segmentation outlined). Missing predictions are said, not hidden.
public enum RunReport {
    /// Units of the patient-model parameters (DESIGN.md §3).
    public static let units: [String: String] = [
        ModelParameter.whiteMatterDiffusivity.rawValue: "mm²/day",
        ModelParameter.proliferationRate.rawValue: "1/day",
        ModelParameter.tumourAge.rawValue: "day",
        ModelParameter.seedX.rawValue: "mm", ModelParameter.seedY.rawValue: "mm", ModelParameter.seedZ.rawValue: "mm",
    ]

    /// The report's two renderings.
    public struct Output: Sendable {
        /// The HTML document.
        public var html: String
        /// The notebook.
        public var notebook: Notebook
    }

    /// Builds the report of `runFolder`.
    /// - Parameters:
    ///   - builtinAnatomy: where the built-in MNI maps are, for runs on the built-in anatomy.
    ///   - toolVersion: the GlioBayes version string to record.
    /// - Throws: ``CalibrationError`` naming the run-folder file that is missing or malformed.
    public static func build(runFolder url: URL, builtinAnatomy: (whiteMatter: URL, greyMatter: URL)?,
                             toolVersion: String) throws(CalibrationError) -> Output {
        let folder = RunFolder(url)
        let record = try folder.readJSON(RunFolder.Record.self, from: folder.runRecord)
        let resolved = try folder.readJSON(ResolvedRun.self, from: folder.resolvedSpecification)
        let chainURLs = folder.chainFiles()
        guard !chainURLs.isEmpty else { throw CalibrationError(.inputFile, folder.chainCSV(1).path, "no chain files in the run folder") }
        var chains: [CmdStanCSVFile] = []
        for chainURL in chainURLs {
            do { chains.append(try CmdStanCSVReader.read(chainURL)) } catch {
                throw CalibrationError(.inputFile, chainURL.path, "\(error)")
            }
        }
        var section: PosteriorSection
        do { section = try PosteriorSection(chains: chains, paths: chainURLs.map(\.path)) } catch {
            throw CalibrationError(.inputFile, chainURLs[0].path, "\(error)")
        }
        section.units = units
        for entry in resolved.model.entries { if let prior = entry.prior { section.priors[entry.name] = prior } }
        section.cornerParameters = [ModelParameter.whiteMatterDiffusivity, .proliferationRate, .tumourAge]
            .map(\.rawValue).filter { section.parameters.contains($0) }
        let samplerText = (try? String(contentsOf: folder.samplerStatistics, encoding: .utf8)) ?? "(no sampler.json)"
        section.rejectedNaN = Self.integerField("non_finite_proposals", in: samplerText)

        let name = resolved.specification.name
        var report = HTMLReport(title: "GlioBayes report: \(name)")
        report.blocks.append(.heading("What was run"))
        if record.status != "complete" {
            report.blocks.append(.warning("The run folder's status is \"\(record.status)\", not \"complete\": these results are partial."))
        }
        if record.converged == false {
            report.blocks.append(.warning("The sampler stopped without meeting the convergence rule (\(record.stopReason ?? "budget used up"))."))
        }
        report.blocks.append(.table(header: ["item", "value"], rows: runFacts(record: record, resolved: resolved, toolVersion: toolVersion),
                                    caption: nil))
        report.blocks.append(.table(
            header: ["parameter", "unit", "prior or fixed value", "source"],
            rows: resolved.model.entries.map { e in
                [e.name, units[e.name] ?? "", e.fixedValue.map { "fixed at \(PosteriorSection.format($0))" } ?? e.prior.map(PosteriorSection.label) ?? "", e.source]
            }, caption: "Model parameters; free ones are sampled on the unconstrained scale with the Jacobian."))
        if !resolved.notes.isEmpty { report.blocks += resolved.notes.map { .paragraph($0) } }
        report.blocks += section.blocks()
        report.blocks.append(.heading("Sampler statistics"))
        report.blocks.append(.preformatted(samplerText))

        let prediction = folder.predictions
        let volumesURL = prediction.appendingPathComponent("volumes.csv")
        report.blocks.append(.heading("Predicted visible volume"))
        var data: PatientData?
        do { data = try PatientData.load(resolved.specification, builtinAnatomy: builtinAnatomy) } catch {
            report.blocks.append(.warning("The patient's images could not be loaded for the figures: \(error)"))
        }
        if let volumes = try? String(contentsOf: volumesURL, encoding: .utf8) {
            report.blocks.append(.figures(volumeFigures(csv: volumes, data: data),
                                          caption: "Median, 50 % and 90 % posterior predictive bands; dots: observed volumes. Day 0 is the first scan."))
        } else {
            report.blocks.append(.paragraph("No predictions yet: run `gliobayes predict \(url.path)` and regenerate this report."))
        }
        report.blocks.append(.heading("Slices through the lesion"))
        if let data, let slices = sliceBlocks(prediction: prediction, data: data) {
            report.blocks += slices
        } else {
            report.blocks.append(.paragraph("No predicted maps to show (run `gliobayes predict` first)."))
        }
        let anatomy: [String]
        switch resolved.specification.anatomy {
        case .files(let whiteMatter, let greyMatter, _):
            anatomy = [resolved.specification.url(whiteMatter).path, resolved.specification.url(greyMatter).path]
        case .builtin:
            anatomy = builtinAnatomy.map { [$0.whiteMatter.path, $0.greyMatter.path] } ?? []
        }
        return Output(html: report.render(), notebook: notebook(name: name, chainFiles: chainURLs.map(\.lastPathComponent), anatomy: anatomy))
    }

    static func runFacts(record: RunFolder.Record, resolved: ResolvedRun, toolVersion: String) -> [[String]] {
        let spec = resolved.specification
        var rows: [[String]] = [
            ["patient", spec.name],
            ["anatomy", { if case .files(let w, let g, _) = spec.anatomy { return "WM \(w), GM \(g)" }; return "built-in MNI ICBM152 2009a" }()],
            ["scans", spec.scans.map { s in
                "day \(PosteriorSection.format(s.day)): " + [s.t1Gd.map { _ in "T1Gd" }, s.flair.map { _ in "FLAIR" },
                                                              s.pet.map { _ in "PET" }, s.cellularity.map { _ in "cellularity" }]
                    .compactMap { $0 }.joined(separator: " + ")
            }.joined(separator: "; ")],
            ["likelihood", "\(spec.model.link.rawValue) link, ε = \(spec.model.epsilon), σ_α = \(spec.model.sigmaAlpha)"],
            ["grids", resolved.grids.map { "\($0.role) \($0.resolutionMillimeters) mm: \($0.likelihoodVoxels) likelihood voxels (every \($0.subsampleEvery))" }
                .joined(separator: "; ")],
            ["sampler", record.sampler], ["chains", "\(record.chains)"], ["seed", "\(record.seed)"],
            ["status", record.status + (record.stopReason.map { " (\($0))" } ?? "")],
            ["wall time", record.wallSeconds.map { String(format: "%.1f s", $0) } ?? "unknown"],
            ["GlioBayes", toolVersion],
        ]
        if let command = record.gliobayesCommand { rows.append(["command", command]) }
        return rows
    }

    /// Reads a top-level integer field from JSON text, if present.
    static func integerField(_ key: String, in json: String) -> Int? {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object[key] as? NSNumber)?.intValue
    }

    /// One plot per region from predict's volumes.csv (columns: day_after_first_scan, …, region, mean, q5, q25, q50, q75, q95).
    static func volumeFigures(csv: String, data: PatientData?) -> [String] {
        var series: [String: [(day: Double, q: [Double])]] = [:]
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let dayColumn = header.firstIndex(of: "day_after_first_scan"),
              let regionColumn = header.firstIndex(of: "region"), let q5 = header.firstIndex(of: "q5_mm3") else { return [] }
        for row in lines.dropFirst() where row.count == header.count {
            guard let day = Double(row[dayColumn]) else { continue }
            let q = (q5..<(q5 + 5)).map { Double(row[$0]) ?? .nan }
            series[row[regionColumn], default: []].append((day, q))
        }
        return ["t1gd", "flair"].compactMap { region in
            guard let points = series[region]?.sorted(by: { $0.day < $1.day }), !points.isEmpty else { return nil }
            let label = region == "t1gd" ? "T1Gd" : "FLAIR"
            var plot = SVGPlot(width: 420, height: 260, title: "visible \(label) volume", xLabel: "day after first scan",
                               yLabel: "volume (cm³)", yIncludesZero: true)
            let days = points.map(\.day)
            func column(_ k: Int) -> [Double] { points.map { $0.q[k] / 1000 } }
            plot.layers.append(.band(x: days, lower: column(0), upper: column(4), colour: "#9ecae1", opacity: 0.6, label: "90 %"))
            plot.layers.append(.band(x: days, lower: column(1), upper: column(3), colour: "#4292c6", opacity: 0.6, label: "50 %"))
            plot.layers.append(.line(x: days, y: column(2), colour: "#08306b", width: 1.5, dashed: false, label: "median"))
            if days.count == 1 {
                // One predicted day: bands and lines need two points, so show the median and the 90 % range as marks.
                plot.layers.append(.points(x: days + days + days, y: column(2) + column(0) + column(4), colour: "#08306b", radius: 3, label: nil))
            }
            if let data {
                var obsDays: [Double] = [], obsVolumes: [Double] = []
                for scan in data.scans {
                    let mask: Volume<Bool>? = region == "t1gd" ? scan.t1Gd : scan.flair
                    if let mask {
                        obsDays.append(scan.day)
                        obsVolumes.append(Double(mask.values.lazy.filter { $0 }.count) * mask.grid.voxelVolumeCubicMillimeters / 1000)
                    }
                }
                if !obsDays.isEmpty {
                    plot.layers.append(.points(x: obsDays, y: obsVolumes, colour: "#d62728", radius: 4, label: "observed"))
                }
            }
            return plot.render()
        }
    }

    /// Axial, coronal and sagittal slices through the lesion centre: P(FLAIR-visible) and mean c
    /// over WM+GM, with the last observed FLAIR and T1Gd outlines. Nil when no maps exist.
    static func sliceBlocks(prediction: URL, data: PatientData) -> [HTMLReport.Block]? {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: prediction.path)) ?? []
        func day(_ f: String) -> Double { Double(f.filter { $0.isNumber || $0 == "." }.trimmingCharacters(in: CharacterSet(charactersIn: "."))) ?? .infinity }
        guard let flairFile = files.filter({ $0.hasPrefix("p-visible-flair-") && $0.hasSuffix(".nii.gz") }).min(by: { day($0) < day($1) })
        else { return nil }
        let tag = String(flairFile.dropFirst("p-visible-flair-".count).dropLast(".nii.gz".count))
        guard let pFlair = try? NIfTIFile.readVolume(prediction.appendingPathComponent(flairFile)),
              let meanC = try? NIfTIFile.readVolume(prediction.appendingPathComponent("mean-c-\(tag).nii.gz")),
              pFlair.grid.shape == data.grid.shape, meanC.grid.shape == data.grid.shape else { return nil }
        let g = data.grid
        let background = zip(data.whiteMatter.values, data.greyMatter.values).map { 0.35 + 0.45 * min($0 + $1, 1) * (0.6 + 0.4 * $0 / max($0 + $1, 1e-9)) }
        let lastScan = data.scans.last
        let t1Outline = lastScan?.t1Gd?.values
        let flairOutline = lastScan?.flair?.values
        // Centre: centroid of the last T1Gd (else FLAIR) mask, else the maximum of mean c.
        var centre = SIMD3<Int>(g.shape.x / 2, g.shape.y / 2, g.shape.z / 2)
        if let mask = t1Outline ?? flairOutline, mask.contains(true) {
            var sum = SIMD3<Double>(0, 0, 0), n = 0.0
            for i in mask.indices where mask[i] { let c = g.coordinates(ofIndex: i); sum += SIMD3(Double(c.x), Double(c.y), Double(c.z)); n += 1 }
            centre = SIMD3(Int((sum.x / n).rounded()), Int((sum.y / n).rounded()), Int((sum.z / n).rounded()))
        } else if let peak = meanC.values.indices.max(by: { meanC.values[$0] < meanC.values[$1] }) {
            centre = g.coordinates(ofIndex: peak)
        }
        let scale = max(1, 400 / max(g.shape.x, g.shape.y, g.shape.z))
        var blocks: [HTMLReport.Block] = []
        for (title, values, outline, outlineName) in [("P(visible on FLAIR)", pFlair.values, flairOutline, "FLAIR"),
                                                      ("posterior mean c", meanC.values, t1Outline, "T1Gd")] {
            var images: [String] = []
            for plane in SlicePlane.allCases {
                let (w, h, index) = plane.layout(grid: g, centre: centre)
                var slice = SliceImage(width: w, height: h, background: (0..<(w * h)).map { background[index($0)] })
                slice.overlay = (0..<(w * h)).map { values[index($0)] }
                if let outline { slice.outline = (0..<(w * h)).map { outline[index($0)] } }
                let raster = slice.raster(scale: scale)
                images.append("<img alt=\"\(escapeXML(title)), \(plane.rawValue)\" width=\"\(raster.width)\" height=\"\(raster.height)\" src=\"\(PNGEncoder.dataURI(raster))\">")
            }
            blocks.append(.figures(images, caption: "\(title), \(tag) after the last scan: axial, coronal and sagittal slices through voxel "
                + "(\(centre.x), \(centre.y), \(centre.z)) in voxel axes (axial: x right, y up; coronal and sagittal: z up). "
                + "Colour: viridis over [0, 1], drawn above 0.01; red outline: observed \(outlineName) at the last scan."))
        }
        return blocks
    }
}

/// The three orthogonal planes of a slice figure.
enum SlicePlane: String, CaseIterable {
    case axial, coronal, sagittal

    /// Width, height and the map from a row-major picture index (row 0 at the top) to the grid index.
    func layout(grid g: Grid, centre c: SIMD3<Int>) -> (Int, Int, (Int) -> Int) {
        let s = g.shape
        switch self {
        case .axial: return (s.x, s.y, { p in g.index(p % s.x, s.y - 1 - p / s.x, c.z) })
        case .coronal: return (s.x, s.z, { p in g.index(p % s.x, c.y, s.z - 1 - p / s.x) })
        case .sagittal: return (s.y, s.z, { p in g.index(c.x, p % s.y, s.z - 1 - p / s.y) })
        }
    }
}
