import Foundation
import Imaging
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

@Suite struct SimulateCommandTests {
    /// A 16×14×12 anatomy with 2 mm voxels and an offset affine: WM core, GM shell, outside corners.
    static func writeAnatomy(in folder: URL) throws -> Grid {
        let affine = Affine(rows: [2, 0, 0, -16, 0, 2, 0, -14, 0, 0, 2, -12])
        let grid = Grid(shape: SIMD3(16, 14, 12), spacingMillimeters: SIMD3(2, 2, 2), affine: affine)
        var wm = [Double](repeating: 0, count: grid.count), gm = wm
        for z in 0..<12 { for y in 0..<14 { for x in 0..<16 {
            let p = SIMD3(Double(x) - 7.5, Double(y) - 6.5, Double(z) - 5.5)
            let r = (p * p).sum().squareRoot()
            if r < 4.5 { wm[grid.index(x, y, z)] = 1 } else if r < 6 { gm[grid.index(x, y, z)] = 1 }
        } } }
        try NIfTIFile.write(Volume(grid: grid, values: wm), to: folder.appendingPathComponent("WM.nii.gz"), datatype: .uint8)
        try NIfTIFile.write(Volume(grid: grid, values: gm), to: folder.appendingPathComponent("GM.nii.gz"), datatype: .uint8)
        return grid
    }

    func simulate(_ arguments: [String]) -> (code: Int32, stdout: String, stderr: String) {
        runTool(["simulate"] + arguments, commands: CommandRegistry.all)
    }

    /// Writes c, T1Gd and FLAIR per day on the anatomy's grid and affine; the masks are exactly the
    /// thresholded density; the JSON records the run and the tumour grows.
    @Test func writesDensityMasksAndRecord() throws {
        let folder = try SharedData.temporaryDirectory("simulate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let anatomy = folder.appendingPathComponent("anatomy")
        try FileManager.default.createDirectory(at: anatomy, withIntermediateDirectories: true)
        let grid = try Self.writeAnatomy(in: anatomy)
        let out = folder.appendingPathComponent("run")
        // Seed at world (0, 0, 0) = voxel (8, 7, 6), in WM.
        let (code, stdout, stderr) = simulate(["--anatomy", anatomy.path, "--seed", "0,0,0", "--dw", "0.5", "--rho", "0.1",
                                               "--days", "50,80", "--out", out.path, "--t1-threshold", "0.7"])
        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout.contains("day 50") && stdout.contains("day 80"))
        var t1Volumes: [Int] = []
        for day in ["50", "80"] {
            let c = try NIfTIFile.readVolume(out.appendingPathComponent("density_day\(day).nii.gz"))
            let t1 = try NIfTIFile.read(out.appendingPathComponent("t1gd_day\(day).nii.gz"))
            let flair = try NIfTIFile.readVolume(out.appendingPathComponent("flair_day\(day).nii.gz"))
            #expect(c.grid.isCompatible(with: grid))
            #expect(t1.geometry.datatype == .uint8)
            #expect(c.values.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(zip(c.values, t1.volume.values).allSatisfy { ($0 >= 0.7) == ($1 == 1) })
            #expect(zip(c.values, flair.values).allSatisfy { ($0 >= 0.16) == ($1 == 1) })
            #expect(c[8, 7, 6] > 0.5)
            #expect(c[0, 0, 0] == 0)   // outside tissue
            t1Volumes.append(t1.volume.values.filter { $0 == 1 }.count)
        }
        #expect(t1Volumes[1] > t1Volumes[0] && t1Volumes[0] > 0)

        struct Record: Decodable {
            struct Model: Decodable { var dw_mm2_per_day: Double; var rho_per_day: Double; var ratio_dw_dg: Double }
            struct Seed: Decodable { var voxel: [Double]; var world_mm: [Double] }
            struct Output: Decodable { var day: Double; var t1gd_volume_mm3: Double; var density: String }
            struct Numerics: Decodable { var steps: Int; var precision: String }
            var model: Model; var seed: Seed; var outputs: [Output]; var numerics: Numerics
        }
        let record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: out.appendingPathComponent("simulate.json")))
        #expect(record.model.dw_mm2_per_day == 0.5 && record.model.rho_per_day == 0.1 && record.model.ratio_dw_dg == 10)
        #expect(record.seed.voxel == [8, 7, 6])
        #expect(record.outputs.map(\.day) == [50, 80])
        #expect(record.outputs[1].t1gd_volume_mm3 == Double(t1Volumes[1]) * 8)
        #expect(record.numerics.steps > 0 && record.numerics.precision == "float32")
        // No temporary files left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names.count == 7, "\(names)")
    }

    /// A seed outside the grid or outside tissue is a usage error (exit 2); a folder without WM/GM maps is
    /// an input-file error (exit 3); nothing is written.
    @Test func rejectsBadSeedsAndMissingMaps() throws {
        let folder = try SharedData.temporaryDirectory("simulate-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.writeAnatomy(in: folder)
        let out = folder.appendingPathComponent("run")
        let outside = simulate(["--anatomy", folder.path, "--seed", "500,0,0", "--dw", "0.1", "--rho", "0.01", "--days", "10", "--out", out.path])
        #expect(outside.code == 2, "\(outside.stderr)")
        #expect(outside.stderr.contains("--seed"))
        let nonTissue = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--seed-space", "voxel", "--dw", "0.1", "--rho", "0.01",
                                  "--days", "10", "--out", out.path])
        #expect(nonTissue.code == 2)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = simulate(["--anatomy", empty.path, "--seed", "0,0,0", "--dw", "0.1", "--rho", "0.01", "--days", "10", "--out", out.path])
        #expect(missing.code == 3)
        #expect(missing.stderr.contains("WM.nii"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let unordered = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--dw", "0.1", "--rho", "0.01", "--days", "20,10", "--out", out.path])
        #expect(unordered.code == 2)
        // Days beyond 100 years would run for ever (and 1e300 overflowed an index): a usage error.
        let endless = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--dw", "0.1", "--rho", "0.01", "--days", "1e300", "--out", out.path])
        #expect(endless.code == 2 && endless.stderr.contains("--days"), "\(endless.stderr)")
        let emptyOut = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--dw", "0.1", "--rho", "0.01", "--days", "10", "--out", ""])
        #expect(emptyOut.code == 2 && emptyOut.stderr.contains("--out"), "\(emptyOut.stderr)")
    }

    /// `--resolution 4` runs the same anatomy block-averaged to 4 mm: outputs on the 8×7×6 grid with the
    /// 4 mm affine (block placement), a tumour of about the same volume as
    /// at 2 mm; a spacing that is not a whole multiple is a usage error.
    @Test func coarserResolutionRunsTheSamePatientOnABlockGrid() throws {
        let folder = try SharedData.temporaryDirectory("simulate-resolution")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fine = try Self.writeAnatomy(in: folder)
        var volumes: [Double] = []
        for resolution in ["2", "4"] {
            let out = folder.appendingPathComponent("run\(resolution)")
            let (code, _, stderr) = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--dw", "0.5", "--rho", "0.1", "--days", "80",
                                              "--out", out.path, "--flair-threshold", "0.2", "--resolution", resolution])
            #expect(code == 0, "stderr: \(stderr)")
            let flair = try NIfTIFile.readVolume(out.appendingPathComponent("flair_day80.nii.gz"))
            if resolution == "4" {
                #expect(flair.grid.shape == SIMD3(8, 7, 6))
                #expect(flair.grid.spacingMillimeters == SIMD3(4, 4, 4))
                // Block placement: coarse voxel 0 is centred on fine voxels 0 and 1.
                let d = flair.grid.affine.world(fromVoxel: SIMD3(0, 0, 0)) - fine.affine.world(fromVoxel: SIMD3(0.5, 0.5, 0.5))
                #expect((d * d).sum() < 1e-18)
            }
            volumes.append(flair.values.reduce(0, +) * flair.grid.voxelVolumeCubicMillimeters)
        }
        #expect(volumes[0] > 0 && abs(volumes[1] - volumes[0]) < 0.5 * volumes[0], "FLAIR volumes 2 mm / 4 mm: \(volumes)")
        let bad = simulate(["--anatomy", folder.path, "--seed", "0,0,0", "--dw", "0.5", "--rho", "0.1", "--days", "80",
                            "--out", folder.appendingPathComponent("bad").path, "--resolution", "3"])
        #expect(bad.code == 2 && bad.stderr.contains("--resolution"), "\(bad.stderr)")
    }
}
