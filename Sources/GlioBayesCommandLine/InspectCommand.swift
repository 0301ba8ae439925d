import Foundation
import Imaging

/// `gliobayes inspect FILE...`: header facts, affine, value range, non-zero count and label counts.
struct InspectCommand: Command {
    let name = "inspect"
    let summary = "Show the header, geometry and values of NIfTI images (.nii, .nii.gz, .hdr/.img)."
    let discussion = """
    For each file: NIfTI version, datatype, byte order, compression, shape, voxel size and units,
    sform/qform codes and which one gives the affine, scaling, description, the affine, the value
    range, the non-zero count, and for integer-valued maps with at most 256 distinct values (label
    maps, masks) the voxel count per value. With several files it also says whether they share one
    grid (shape and affine), as all images of a patient must.

    --json writes one object for one file, or an array of objects for several, with keys: file,
    version, datatype, datatype_code, byte_order, compressed, is_pair, shape, spacing_mm, units,
    sform_code, qform_code, affine_source, affine (3 rows of 4), scl_slope, scl_inter (null when
    no scaling), description, voxels, min, max, mean (of the finite values), nonzero, nan_count,
    inf_count, labels ({"value": count} or null).

    Example: gliobayes inspect tumT1c.nii.gz --json
    """
    let options: [OptionSpec] = [.json]
    let positionals = [PositionalSpec("file", arity: .oneOrMore, help: "NIfTI files to inspect.")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let files = arguments.positionalList("file")
        var reports: [ImageReport] = []
        var grids: [(String, Grid)] = []
        for file in files {
            let url = context.resolve(file)
            let image = try NIfTIFile.read(url)
            let report = ImageReport(file: file, image: image)
            reports.append(report)
            grids.append((file, image.volume.grid))
            if !arguments.flag("json") {
                report.printText(to: context)
            }
        }
        if arguments.flag("json") {
            if reports.count == 1 { try context.writeJSON(reports[0]) } else { try context.writeJSON(reports) }
        } else if grids.count > 1 {
            let (firstName, first) = grids[0]
            let differing = grids.dropFirst().compactMap { name, grid in
                first.differences(from: grid).map { "\(name) differs from \(firstName): \($0)" }
            }
            if differing.isEmpty {
                context.output("all \(grids.count) files share one grid (shape and affine)")
            } else {
                for line in differing { context.output(line) }
            }
        }
        return .success
    }
}

/// What `inspect` reports about one image (also its `--json` form).
struct ImageReport: Encodable {
    let file: String
    let version: Int
    let datatype: String
    let datatypeCode: Int
    let byteOrder: String
    let compressed: Bool
    let isPair: Bool
    let shape: [Int]
    let dim: [Int]
    let spacingMillimeters: [Double]
    let units: String
    let sformCode: Int
    let qformCode: Int
    let affineSource: String
    let affine: [[Double]]
    let sclSlope: Double?
    let sclInter: Double?
    let description: String
    let voxels: Int
    let min: Double?
    let max: Double?
    let mean: Double?
    let nonzero: Int
    let nanCount: Int
    let infiniteCount: Int
    let labels: [String: Int]?
    /// How many label counts the text output lists before summarising.
    static let labelsShownInText = 16

    enum CodingKeys: String, CodingKey {
        case file, version, datatype, shape, dim, units, affine, description, voxels, min, max, mean, nonzero, labels, compressed
        case datatypeCode = "datatype_code", byteOrder = "byte_order", isPair = "is_pair"
        case spacingMillimeters = "spacing_mm", sformCode = "sform_code", qformCode = "qform_code"
        case affineSource = "affine_source", sclSlope = "scl_slope", sclInter = "scl_inter", nanCount = "nan_count"
        case infiniteCount = "inf_count"
    }

    init(file: String, image: NIfTIImage<Double>) {
        let header = image.header, geometry = image.geometry, grid = image.volume.grid
        self.file = file
        version = header.version.rawValue
        datatype = geometry.datatype.name
        datatypeCode = header.datatypeCode
        byteOrder = header.byteOrder.rawValue
        compressed = image.isCompressed
        isPair = header.isPair
        shape = [grid.shape.x, grid.shape.y, grid.shape.z]
        dim = header.dim
        spacingMillimeters = [grid.spacingMillimeters.x, grid.spacingMillimeters.y, grid.spacingMillimeters.z]
        units = header.spatialUnitName
        sformCode = header.sformCode
        qformCode = header.qformCode
        affineSource = geometry.affineSource
        affine = (0..<3).map { r in (0..<4).map { c in grid.affine[r, c] } }
        sclSlope = geometry.scaling?.slope
        sclInter = geometry.scaling?.intercept
        description = header.descrip
        voxels = grid.count

        let summary = ValueSummary(image.volume.values)
        min = summary.min
        max = summary.max
        mean = summary.mean
        nonzero = summary.nonzero
        nanCount = summary.nanCount
        infiniteCount = summary.infiniteCount
        labels = summary.labels.map { counts in
            Dictionary(uniqueKeysWithValues: counts.map { (String($0.key), $0.value) })
        }
    }

    func printText(to context: CommandContext) {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "n/a" }
        let layout = (isPair ? "header/image pair" : "single file") + (compressed ? ", gzip" : "")
        context.output("== \(file)")
        context.output("format:      NIfTI-\(version) (\(layout)), \(byteOrder)")
        context.output("datatype:    \(datatype) (code \(datatypeCode))")
        context.output("shape:       \(shape.map(String.init).joined(separator: " × "))   (dim \(dim))")
        context.output("spacing:     \(spacingMillimeters.map { number($0) }.joined(separator: " × ")) (units: \(units))")
        context.output("orientation: sform_code \(sformCode), qform_code \(qformCode); affine from \(affineSource)")
        if let sclSlope, let sclInter {
            context.output("scaling:     value = \(number(sclSlope)) · raw + \(number(sclInter))")
        } else {
            context.output("scaling:     none")
        }
        if !description.isEmpty { context.output("description: \(description)") }
        context.output("affine:")
        for row in affine {
            context.output("  " + row.map { String(format: "%12.6g", $0) }.joined(separator: " "))
        }
        context.output("values:      min \(number(min)), max \(number(max)), mean \(number(mean))")
        let percent = voxels > 0 ? 100 * Double(nonzero) / Double(voxels) : 0
        context.output("non-zero:    \(nonzero) of \(voxels) voxels (\(String(format: "%.3g", percent))%)"
                       + (nanCount > 0 ? "; \(nanCount) NaN" : "") + (infiniteCount > 0 ? "; \(infiniteCount) infinite" : ""))
        if let labels {
            let sorted = labels.map { (Int($0.key) ?? 0, $0.value) }.sorted { $0.0 < $1.0 }
            // A map with many distinct whole values (e.g. a uint8 probability map) is summarised, not listed.
            let shown = sorted.prefix(Self.labelsShownInText)
            let more = sorted.count > shown.count ? " … (\(sorted.count) distinct values; --json lists all)" : ""
            context.output("labels:      " + shown.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + more)
        }
    }
}

/// Range and mean of the finite values, non-zero and NaN counts, and label counts of voxel values, in one pass (plus one for labels).
struct ValueSummary {
    var min: Double?
    var max: Double?
    var mean: Double?
    var nonzero = 0
    var nanCount = 0
    /// ±∞ voxels (left out of min, max and mean).
    var infiniteCount = 0
    /// Count per value when the values are whole numbers with at most 256 distinct values.
    var labels: [Int: Int]?

    init(_ values: [Double]) {
        var low = Double.infinity, high = -Double.infinity, sum = 0.0, finite = 0
        var nonzero = 0, nans = 0, infinities = 0
        var hasNonFinite = false
        values.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count {
                let v = buffer[i]
                if v != 0 { nonzero += 1 }
                if v.isNaN { nans += 1; hasNonFinite = true; continue }
                if v.isFinite {
                    if v < low { low = v }
                    if v > high { high = v }
                    sum += v
                    finite += 1
                } else {
                    hasNonFinite = true  // ±∞: left out of min, max and mean (JSON has no infinity)
                    infinities += 1
                }
            }
        }
        self.nonzero = nonzero
        nanCount = nans
        infiniteCount = infinities
        if low <= high {
            min = low
            max = high
        }
        mean = finite > 0 ? sum / Double(finite) : nil
        // valueCounts checks that every value is a whole number and gives up beyond 256 distinct values.
        labels = hasNonFinite ? nil : BraTSLabels.valueCounts(values, maxDistinct: 256)
    }
}
