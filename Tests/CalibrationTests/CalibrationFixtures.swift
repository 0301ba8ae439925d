import Foundation
import Imaging
@testable import Calibration

/// Small synthetic patients in temporary folders (no shared data needed).
enum CalibrationFixtures {
    /// A fresh temporary folder.
    static func temporaryFolder(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gliobayes-calib-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A 16³ grid of 2 mm voxels with an offset affine (origin at (−16, −20, −10) mm).
    static let grid: Grid = {
        let rows: [Double] = [2, 0, 0, -16, 0, 2, 0, -20, 0, 0, 2, -10]
        return Grid(shape: SIMD3(16, 16, 16), spacingMillimeters: SIMD3(2, 2, 2), affine: Affine(rows: rows))
    }()

    /// Writes a homogeneous white-matter block (one-voxel rim of nothing) as `wm.nii.gz` / `gm.nii.gz`.
    static func writeAnatomy(in folder: URL, grid: Grid = grid) throws -> (Volume<Double>, Volume<Double>) {
        var wm = Volume<Double>(grid: grid, repeating: 0)
        for z in 1..<(grid.shape.z - 1) { for y in 1..<(grid.shape.y - 1) { for x in 1..<(grid.shape.x - 1) { wm.values[grid.index(x, y, z)] = 1 } } }
        let gm = Volume<Double>(grid: grid, repeating: 0)
        try NIfTIFile.write(wm, to: folder.appendingPathComponent("wm.nii.gz"))
        try NIfTIFile.write(gm, to: folder.appendingPathComponent("gm.nii.gz"))
        return (wm, gm)
    }

    /// The synthetic truth used by the end-to-end tests: seed at the grid centre.
    static let truth = SyntheticPatient.Truth(D_w: 0.1, rho: 0.06, T: 100, x0: [-1, -5, 5], theta_T1: 0.7, theta_FL: 0.25)

    /// Anatomy + two scans (days 0 and 20) + spec.json with a small model block; returns the spec URL.
    static func writePatient(in folder: URL, days: [Double] = [0, 20], extraModel: [String: Any] = [:]) throws -> URL {
        let (wm, gm) = try writeAnatomy(in: folder)
        return try SyntheticPatient.write(whiteMatter: wm, greyMatter: gm,
                                          anatomy: .files(whiteMatter: "wm.nii.gz", greyMatter: "gm.nii.gz", csf: nil),
                                          truth: truth, days: days, resolutionMillimeters: 2, folder: folder, extraModel: extraModel)
    }

    /// Rewrites spec.json after editing its JSON object.
    static func editSpec(_ url: URL, _ edit: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
