import Foundation
import Imaging

/// A patient's images read from a ``PatientSpecification``, checked and on one grid (the patient grid).
public struct PatientData: Sendable {
    /// One scan's observations on the patient grid.
    public struct Scan: Sendable {
        public var day: Double
        /// T1Gd-visible region (core + enhancing).
        public var t1Gd: Volume<Bool>?
        /// FLAIR-visible region (already including T1Gd where the spec says it does not).
        public var flair: Volume<Bool>?
        public var pet: Volume<Double>?
        public var cellularity: Volume<Double>?
        public var cellularitySigma: Double
    }

    /// One row of the tabulated sizes.
    public struct SizeObservation: Sendable, Codable, Equatable {
        public enum Region: String, Sendable, Codable { case t1gd, flair }
        public var day: Double
        public var region: Region
        /// Volume in mm³ (radii are converted to the equivalent-sphere volume).
        public var volumeCubicMillimeters: Double
        /// σ of log-volume.
        public var sigmaLog: Double
    }

    public var specification: PatientSpecification
    public var grid: Grid
    /// Tissue fractions in [0, 1] on the patient grid.
    public var whiteMatter: Volume<Double>
    public var greyMatter: Volume<Double>
    public var csf: Volume<Double>?
    public var scans: [Scan]
    public var sizes: [SizeObservation]
    /// Notes on what was done to the data (scaling, conventions detected), for the run record.
    public var notes: [String]

    /// Reads every file named by `specification` and checks them: files exist and are readable NIfTI;
    /// every image shares the anatomy's grid (else both shapes and affines are reported); masks are not
    /// empty; label maps fit their convention.
    /// - Parameter builtinAnatomy: folder of the built-in maps (for `"anatomy": "builtin"`).
    public static func load(_ specification: PatientSpecification, builtinAnatomy: (whiteMatter: URL, greyMatter: URL)?) throws(CalibrationError) -> PatientData {
        var notes: [String] = []
        let wmURL: URL, gmURL: URL, csfURL: URL?
        let wmField: String, gmField: String
        switch specification.anatomy {
        case .builtin:
            guard let builtinAnatomy else { throw CalibrationError(.inputFile, "anatomy", "\"builtin\" requested but the built-in anatomy was not found") }
            (wmURL, gmURL, csfURL) = (builtinAnatomy.whiteMatter, builtinAnatomy.greyMatter, nil)
            (wmField, gmField) = ("anatomy (builtin white matter)", "anatomy (builtin grey matter)")
        case .files(let w, let g, let c):
            (wmURL, gmURL, csfURL) = (specification.url(w), specification.url(g), c.map(specification.url))
            (wmField, gmField) = ("anatomy.white_matter", "anatomy.grey_matter")
        }
        var wm = try read(wmURL, field: wmField)
        let grid = wm.grid
        var gm = try read(gmURL, field: gmField, grid: grid, reference: wmURL)
        var csf = try csfURL.map { u throws(CalibrationError) in try read(u, field: "anatomy.csf", grid: grid, reference: wmURL) }
        // Tissue maps stored as 0…255 (e.g. the MNI uint8 maps without scaling) are rescaled to [0, 1].
        let maximum = max(wm.values.max() ?? 0, gm.values.max() ?? 0)
        if maximum > 1.0001 {
            let scale = maximum <= 255 ? 255.0 : maximum
            wm.values = wm.values.map { $0 / scale }
            gm.values = gm.values.map { $0 / scale }
            if var c = csf { c.values = c.values.map { $0 / scale }; csf = c }
            notes.append("tissue maps had values up to \(maximum); divided by \(scale) to get fractions")
        }
        guard wm.values.contains(where: { $0 > 0 }) || gm.values.contains(where: { $0 > 0 }) else {
            throw CalibrationError(.data, wmField, "white and grey matter maps are both empty")
        }

        var scans: [Scan] = []
        for (k, s) in specification.scans.enumerated() {
            let field = "scans[\(k)]"
            var t1: Volume<Bool>?
            if let seg = s.t1Gd {
                t1 = try mask(seg, t1Gd: true, field: "\(field).t1gd", specification: specification, grid: grid, reference: wmURL, notes: &notes)
            }
            var flair: Volume<Bool>?
            if let seg = s.flair {
                var f = try mask(seg, t1Gd: false, field: "\(field).flair", specification: specification, grid: grid, reference: wmURL, notes: &notes)
                if !s.flairIncludesT1Gd, let t1 {
                    f = f.union(t1)
                    notes.append("\(field): FLAIR region = FLAIR mask ∪ T1Gd region (includes_t1gd = false)")
                }
                flair = f
            }
            let pet = try s.pet.map { p throws(CalibrationError) in try read(specification.url(p), field: "\(field).pet", grid: grid, reference: wmURL) }
            var cellularity: Volume<Double>?
            switch s.cellularity {
            case .map(let p)?: cellularity = try read(specification.url(p), field: "\(field).cellularity", grid: grid, reference: wmURL)
            case .adc(let p, let w, let m)?:
                var adc = try read(specification.url(p), field: "\(field).adc.map", grid: grid, reference: wmURL)
                adc.values = adc.values.map { GaussianObservation.cellularity(adc: $0, healthyADC: w, minimumADC: m) }
                cellularity = adc
            case nil: break
            }
            scans.append(Scan(day: s.day, t1Gd: t1, flair: flair, pet: pet, cellularity: cellularity, cellularitySigma: s.cellularitySigma))
        }
        let sizes = try specification.volumes.map { v throws(CalibrationError) in try readSizes(specification.url(v.csv), field: "volumes.csv") } ?? []
        return PatientData(specification: specification, grid: grid, whiteMatter: wm, greyMatter: gm, csf: csf,
                           scans: scans, sizes: sizes, notes: notes)
    }

    static func read(_ url: URL, field: String, grid: Grid? = nil, reference: URL? = nil) throws(CalibrationError) -> Volume<Double> {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CalibrationError(.inputFile, field, "file not found: \(url.path)")
        }
        let volume: Volume<Double>
        do { volume = try NIfTIFile.readVolume(url) } catch {
            throw CalibrationError(.inputFile, field, "cannot read \(url.path): \(error)")
        }
        // NaN/∞ voxels: refused by name (a map with NaN background should have it replaced by 0, which
        // every likelihood term here reads as "no signal").
        let bad = volume.values.reduce(0) { $1.isFinite ? $0 : $0 + 1 }
        if bad > 0, let first = volume.values.firstIndex(where: { !$0.isFinite }) {
            let v = volume.grid.coordinates(ofIndex: first)
            throw CalibrationError(.data, field, "\(url.lastPathComponent) has \(bad) NaN or infinite voxel\(bad == 1 ? "" : "s") "
                + "(first at voxel \(v.x),\(v.y),\(v.z)); replace them with 0 (no signal) or a valid value")
        }
        if let grid, !volume.grid.isCompatible(with: grid) {
            throw CalibrationError(.data, field, "grid of \(url.lastPathComponent) does not match the anatomy \(reference?.lastPathComponent ?? ""): "
                + "shape \(describe(volume.grid.shape)) vs \(describe(grid.shape)), affine \(describe(volume.grid.affine)) vs \(describe(grid.affine))")
        }
        return volume
    }

    static func describe(_ s: SIMD3<Int>) -> String { "\(s.x)×\(s.y)×\(s.z)" }
    static func describe(_ a: Affine) -> String {
        "[" + (0..<3).map { r in (0..<4).map { c in String(format: "%.7g", a.rows[r * 4 + c]) }.joined(separator: " ") }.joined(separator: "; ") + "]"
    }

    static func mask(_ segmentation: PatientSpecification.Segmentation, t1Gd: Bool, field: String,
                     specification: PatientSpecification, grid: Grid, reference: URL, notes: inout [String]) throws(CalibrationError) -> Volume<Bool> {
        let url = specification.url(segmentation.path)
        let volume = try read(url, field: field, grid: grid, reference: reference)
        let result: Volume<Bool>
        switch segmentation {
        case .mask:
            guard volume.values.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw CalibrationError(.data, "\(field).mask", "\(url.lastPathComponent) is not a 0/1 mask (use \"labels\" for a label map)")
            }
            result = Volume(grid: volume.grid, values: volume.values.map { $0 != 0 })
        case .labels(_, let given):
            do {
                let convention = try given ?? BraTSLabels.detectConvention(volume, source: url.path)
                if given == nil { notes.append("\(field): BraTS convention \(convention.rawValue) detected from the labels") }
                result = t1Gd ? try BraTSLabels.t1GdVisibleMask(volume, convention: convention, source: url.path)
                              : try BraTSLabels.flairVisibleMask(volume, convention: convention, source: url.path)
            } catch {
                throw CalibrationError(.data, "\(field).labels", "\(error)")
            }
        }
        guard result.trueCount > 0 else {
            throw CalibrationError(.data, field, "the \(t1Gd ? "T1Gd" : "FLAIR") region of \(url.lastPathComponent) is empty")
        }
        return result
    }

    /// Reads `day,region,volume_mm3[,sigma_log]` or `day,region,radius_mm[,sigma_mm]` (header required).
    static func readSizes(_ url: URL, field: String) throws(CalibrationError) -> [SizeObservation] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CalibrationError(.inputFile, field, "cannot read \(url.path)")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw CalibrationError(.data, field, "\(url.lastPathComponent) is empty")
        }
        guard let dayColumn = header.firstIndex(of: "day"), let regionColumn = header.firstIndex(of: "region") else {
            throw CalibrationError(.data, field, "\(url.lastPathComponent): header needs day and region columns, got \(header)")
        }
        let volumeColumn = header.firstIndex(of: "volume_mm3"), radiusColumn = header.firstIndex(of: "radius_mm")
        guard (volumeColumn == nil) != (radiusColumn == nil) else {
            throw CalibrationError(.data, field, "\(url.lastPathComponent): need exactly one of volume_mm3 or radius_mm")
        }
        let sigmaColumn = header.firstIndex(of: volumeColumn != nil ? "sigma_log" : "sigma_mm")
        var out: [SizeObservation] = []
        for (n, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let where_ = "\(url.lastPathComponent) row \(n + 2)"
            guard cells.count == header.count, let day = Double(cells[dayColumn]), day >= 0, day <= PatientSpecification.maximumDay,
                  let region = SizeObservation.Region(rawValue: cells[regionColumn].lowercased()) else {
                throw CalibrationError(.data, field, "\(where_): expected \(header.count) cells, a day in [0, \(Int(PatientSpecification.maximumDay))] and region t1gd or flair")
            }
            let sigma = sigmaColumn.flatMap { Double(cells[$0]) }
            if let v = volumeColumn {
                guard let vol = Double(cells[v]), vol > 0 else { throw CalibrationError(.data, field, "\(where_): volume must be positive") }
                out.append(SizeObservation(day: day, region: region, volumeCubicMillimeters: vol, sigmaLog: sigma ?? 0.1))
            } else if let r = radiusColumn {
                guard let radius = Double(cells[r]), radius > 0 else { throw CalibrationError(.data, field, "\(where_): radius must be positive") }
                // σ on the radius becomes σ of log-volume: V ∝ r³ → σ_logV = 3σ_r/r.
                out.append(SizeObservation(day: day, region: region, volumeCubicMillimeters: 4 / 3 * Double.pi * radius * radius * radius,
                                           sigmaLog: 3 * (sigma ?? 1) / radius))
            }
        }
        return out
    }
}
