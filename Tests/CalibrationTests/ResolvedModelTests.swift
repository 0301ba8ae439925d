import Foundation
import Testing
import Imaging
@testable import Calibration

@Suite struct ResolvedModelTests {
    /// A ball mask of radius 3 voxels (2 mm voxels) at a known centre: the seed box must be the world
    /// centroid ± 1.25 equivalent radii, and T the FLAIR radius over the speed bounds clamped to [30, 1800].
    @Test func derivedDefaultsFromABallMask() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let grid = CalibrationFixtures.grid
        _ = try CalibrationFixtures.writeAnatomy(in: folder)
        var ball = Volume<Double>(grid: grid, repeating: 0)
        var count = 0
        for z in 0..<16 { for y in 0..<16 { for x in 0..<16 {
            let d = SIMD3<Double>(Double(x - 8), Double(y - 7), Double(z - 6))
            if (d * d).sum() <= 9 { ball.values[grid.index(x, y, z)] = 1; count += 1 }
        } } }
        try NIfTIFile.write(ball, to: folder.appendingPathComponent("t.nii.gz"), datatype: .uint8)
        let json = #"{"anatomy": {"white_matter": "wm.nii.gz", "grey_matter": "gm.nii.gz"}, "scans": [{"day": 0, "t1gd": {"mask": "t.nii.gz"}, "flair": {"mask": "t.nii.gz"}}], "model": {"resolution_mm": 2}}"#
        let spec = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: folder.path)
        let data = try PatientData.load(spec, builtinAnatomy: nil)
        let model = try ResolvedModel.resolve(data)
        // World centre of voxel (8, 7, 6): (2·8 − 16, 2·7 − 20, 2·6 − 10) = (0, −6, 2).
        let radius = pow(3 * Double(count) * 8 / (4 * Double.pi), 1.0 / 3)
        #expect(abs(model.referenceRadiusMillimeters - radius) < 1e-9)
        let expectedCentre = [0.0, -6, 2]
        for (k, p) in [ModelParameter.seedX, .seedY, .seedZ].enumerated() {
            guard case .uniform(let a, let b)? = model.entry(p).prior else { Issue.record("seed prior not uniform"); continue }
            #expect(abs(a - (expectedCentre[k] - 1.25 * radius)) < 1e-9)
            #expect(abs(b - (expectedCentre[k] + 1.25 * radius)) < 1e-9)
        }
        // v_max = 2√(1.5·0.2), v_min = 2√(0.02·0.002): r/v_max < 30 → 30; r/v_min ≈ 1000 + days.
        guard case .uniform(let t0, let t1)? = model.entry(.tumourAge).prior else { Issue.record("T prior not uniform"); return }
        #expect(t0 == 30)
        #expect(abs(t1 - min(1800, radius / (2 * (0.02 * 0.002).squareRoot()))) < 1e-9)
        // No PET: b and σ_PET are not sampled.
        #expect(!model.freeParameters.contains(.petScale))
        #expect(model.freeParameters == [.whiteMatterDiffusivity, .proliferationRate, .tumourAge, .seedX, .seedY, .seedZ, .thresholdT1Gd, .thresholdFLAIR])
    }

    @Test func fixedAndPriorTogetherIsAnError() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        let specURL = try CalibrationFixtures.writePatient(in: folder)
        try CalibrationFixtures.editSpec(specURL) { spec in
            spec["model"] = ["resolution_mm": 2, "fixed": ["rho": 0.05], "priors": ["rho": ["uniform": [0.01, 0.1]]]]
        }
        let data = try PatientData.load(try PatientSpecification.read(specURL), builtinAnatomy: nil)
        #expect(throws: CalibrationError.self) { try ResolvedModel.resolve(data) }
    }
}
