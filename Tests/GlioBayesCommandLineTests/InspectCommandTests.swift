import Foundation
import Imaging
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

@Suite struct InspectCommandTests {
    static let grid = Grid(shape: SIMD3(4, 3, 2), spacingMillimeters: SIMD3(2, 2, 3),
                           affine: Affine(rows: [-2, 0, 0, 10, 0, 2, 0, -5, 0, 0, 3, 7]))

    /// A label map with three 1s, two 4s and the rest 0, written as uint8 .nii.gz.
    static func writeLabels(in folder: URL) throws -> URL {
        var values = [Double](repeating: 0, count: 24)
        values[0] = 1; values[5] = 1; values[23] = 1; values[7] = 4; values[8] = 4
        let url = folder.appendingPathComponent("labels.nii.gz")
        try NIfTIFile.write(Volume(grid: grid, values: values), to: url, datatype: .uint8, description: "test labels")
        return url
    }

    struct Report: Decodable {
        var shape: [Int]
        var spacing_mm: [Double]
        var affine: [[Double]]
        var datatype: String
        var min: Double?
        var max: Double?
        var nonzero: Int
        var labels: [String: Int]?
        var sform_code: Int
        var compressed: Bool
        var description: String
    }

    /// NaN and ±∞ voxels are counted (and left out of min, max and mean) instead of vanishing.
    @Test func nonFiniteVoxelsAreCounted() throws {
        let folder = try SharedData.temporaryDirectory("inspect-nonfinite")
        defer { try? FileManager.default.removeItem(at: folder) }
        var values = [Double](repeating: 0.5, count: 24)
        values[2] = .nan; values[3] = .infinity; values[4] = -.infinity
        let url = folder.appendingPathComponent("f.nii")
        try NIfTIFile.write(Volume(grid: Self.grid, values: values), to: url, datatype: .float32)
        let (code, stdout, stderr) = runTool(["inspect", url.path, "--json"])
        #expect(code == 0, "stderr: \(stderr)")
        struct Counts: Decodable { var nan_count: Int; var inf_count: Int; var max: Double? }
        let counts = try JSONDecoder().decode(Counts.self, from: Data(stdout.utf8))
        #expect(counts.nan_count == 1 && counts.inf_count == 2 && counts.max == 0.5)
        let text = runTool(["inspect", url.path])
        #expect(text.stdout.contains("1 NaN") && text.stdout.contains("2 infinite"), "\(text.stdout)")
    }

    @Test func jsonReportsShapeAffineAndLabels() throws {
        let folder = try SharedData.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try Self.writeLabels(in: folder)
        let (code, stdout, stderr) = runTool(["inspect", url.path, "--json"])
        #expect(code == 0, "stderr: \(stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(stdout.utf8))
        #expect(report.shape == [4, 3, 2])
        #expect(report.spacing_mm == [2, 2, 3])
        #expect(report.affine == [[-2, 0, 0, 10], [0, 2, 0, -5], [0, 0, 3, 7]])
        #expect(report.datatype == "uint8")
        #expect(report.min == 0 && report.max == 4)
        #expect(report.nonzero == 5)
        #expect(report.labels == ["0": 19, "1": 3, "4": 2])
        #expect(report.sform_code == 1)
        #expect(report.compressed)
        #expect(report.description == "test labels")
    }

    @Test func manyDistinctValuesAreSummarisedInText() throws {
        let folder = try SharedData.temporaryDirectory("inspect-many")
        defer { try? FileManager.default.removeItem(at: folder) }
        let grid = Grid(shape: SIMD3(8, 8, 4), spacingMillimeters: SIMD3(1, 1, 1))
        let url = folder.appendingPathComponent("probability.nii.gz")
        try NIfTIFile.write(Volume(grid: grid, values: (0..<256).map(Double.init)), to: url, datatype: .uint8, description: "ramp")
        let (code, stdout, _) = runTool(["inspect", url.path])
        #expect(code == 0)
        let line = stdout.split(separator: "\n").first { $0.hasPrefix("labels:") } ?? ""
        #expect(line.contains("15: 1") && !line.contains("16: 1"))
        #expect(line.contains("(256 distinct values; --json lists all)"))
    }

    @Test func severalFilesGiveAnArrayAndGridComparison() throws {
        let folder = try SharedData.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let labels = try Self.writeLabels(in: folder)
        let other = folder.appendingPathComponent("other.nii")
        try NIfTIFile.write(Volume(grid: Grid(shape: SIMD3(4, 3, 1), spacingMillimeters: SIMD3(1, 1, 1)),
                                   values: (0..<12).map { Double($0) / 7 }), to: other)
        let (code, stdout, _) = runTool(["inspect", labels.path, other.path, "--json"])
        #expect(code == 0)
        let reports = try JSONDecoder().decode([Report].self, from: Data(stdout.utf8))
        #expect(reports.count == 2)
        #expect(reports[1].labels == nil, "a continuous map has no label counts")
        let text = runTool(["inspect", labels.path, other.path]).stdout
        #expect(text.contains("other.nii differs from \(labels.path): shape 4×3×2 vs 4×3×1"))
        #expect(text.contains("labels:      0: 19, 1: 3, 4: 2"))
    }

    @Test func badFileIsOneLineNamingItWithExitCode3() throws {
        let folder = try SharedData.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("broken.nii.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]).write(to: bad)
        for path in [bad.path, folder.appendingPathComponent("missing.nii").path, folder.path] {
            let (code, stdout, stderr) = runTool(["inspect", path])
            #expect(code == 3)
            #expect(stdout.isEmpty)
            #expect(stderr.hasPrefix("gliobayes: error: \(path)"), "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1)
        }
    }

    /// The acceptance check: the real T1Gd label map.
    @Test(.enabled(if: SharedData.isAvailable, "\(SharedData.skipMessage)"))
    func realT1GdLabels() throws {
        let (code, stdout, stderr) = runTool(["inspect", SharedData.file("lipkova-case/tumT1c.nii.gz").path, "--json"])
        #expect(code == 0, "\(stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(stdout.utf8))
        #expect(report.shape == [256, 256, 256])
        #expect(report.labels?["1"] == 19_696 && report.labels?["4"] == 5_896 && report.labels?["2"] == 11)
    }
}

@Suite struct ConvertCommandTests {
    @Test(arguments: NIfTIDatatype.allCases)
    func convertsToEveryDatatypeAndCompression(datatype: NIfTIDatatype) throws {
        let folder = try SharedData.temporaryDirectory("convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try InspectCommandTests.writeLabels(in: folder)
        for suffix in [".nii", ".nii.gz"] {
            let output = folder.appendingPathComponent("out-\(datatype.name)\(suffix)")
            let (code, _, stderr) = runTool(["convert", input.path, output.path, "--datatype", datatype.name])
            #expect(code == 0, "\(stderr)")
            let image = try NIfTIFile.read(output)
            #expect(image.geometry.datatype == datatype)
            #expect(image.isCompressed == (suffix == ".nii.gz"))
            #expect(image.volume.values == (try NIfTIFile.readVolume(input)).values)
            #expect(image.volume.grid.affine == InspectCommandTests.grid.affine)
            #expect(image.header.descrip == "test labels")
        }
    }

    @Test func refusesValuesThatDoNotFitAndWritesNothing() throws {
        let folder = try SharedData.temporaryDirectory("convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("field.nii")
        try NIfTIFile.write(Volume(grid: InspectCommandTests.grid, values: (0..<24).map { Double($0) * 20 }), to: input)
        let output = folder.appendingPathComponent("field-u8.nii.gz")
        let (code, _, stderr) = runTool(["convert", input.path, output.path, "-t", "uint8"])
        #expect(code == 1)
        #expect(stderr.hasPrefix("gliobayes: error: \(output.path): value 260.0 at voxel 13 does not fit datatype uint8"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func usageErrors() {
        #expect(runTool(["convert", "a.nii", "b.hdr"]).code == 2)
        let (code, _, stderr) = runTool(["convert", "a.nii", "b.nii", "--datatype", "int12"])
        #expect(code == 2)
        #expect(stderr.contains("--datatype"))
        #expect(runTool(["convert", "/nonexistent/a.nii", "/tmp/b.nii"]).code == 3)
    }
}
