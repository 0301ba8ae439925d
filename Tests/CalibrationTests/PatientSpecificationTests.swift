import Foundation
import Testing
import Imaging
@testable import Calibration

@Suite struct PatientSpecificationTests {
    func parse(_ json: String) throws(CalibrationError) -> PatientSpecification {
        try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: "/tmp")
    }

    func error(_ json: String) -> CalibrationError? {
        do { _ = try parse(json); return nil } catch { return error }
    }

    let minimal = #"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}]}"#

    @Test func minimalSpecificationGetsDefaults() throws {
        let s = try parse(minimal)
        #expect(s.anatomy == .builtin)
        #expect(s.scans.count == 1)
        #expect(s.model.resolutionMillimeters == 4)
        #expect(s.model.link == .doubleLogistic)
        #expect(s.scans[0].flairIncludesT1Gd)
        #expect(s.url("t.nii").path == "/tmp/t.nii")
    }

    @Test func unknownKeyIsNamed() {
        let e = error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}, "flare": {"mask": "f.nii"}}]}"#)
        #expect(e?.location == "scans[0].flare")
        #expect(e?.message.contains("unknown key") == true)
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}], "modle": {}}"#)?.location == "modle")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}], "model": {"priors": {"D": {"uniform": [0, 1]}}}}"#)?.location == "model.priors.D")
    }

    @Test func negativeDayIsNamed() {
        let e = error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}, {"day": -5, "t1gd": {"mask": "u.nii"}}]}"#)
        #expect(e?.location == "scans[1].day")
        #expect(e?.message.contains("negative") == true)
    }

    @Test func impossiblePriorIsNamed() {
        let e = error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}], "model": {"priors": {"rho": {"log_uniform": [0.2, 0.01]}}}}"#)
        #expect(e?.location == "model.priors.rho.log_uniform")
        let u = error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}], "model": {"priors": {"theta_T1": {"uniform": [0.8, 0.8]}}}}"#)
        #expect(u?.location == "model.priors.theta_T1.uniform")
        #expect(u?.message.contains("below") == true)
    }

    @Test func badValuesAreNamed() {
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}], "model": {"resolution_mm": 3}}"#)?.location == "model.resolution_mm")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": "0", "t1gd": {"mask": "t.nii"}}]}"#)?.location == "scans[0].day")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0, "flair": {"mask": "t.nii", "includes_t1gd": 1}}]}"#)?.location == "scans[0].flair.includes_t1gd")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0}]}"#)?.location == "scans[0]")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 0, "t1gd": {"labels": "t.nii", "convention": "brats2019"}}]}"#)?.location == "scans[0].t1gd.convention")
        #expect(error(#"{"anatomy": "builtin", "scans": [{"day": 10, "t1gd": {"mask": "t.nii"}}]}"#)?.location == "scans")
        #expect(error(#"{"anatomy": "atlas", "scans": [{"day": 0, "t1gd": {"mask": "t.nii"}}]}"#)?.location == "anatomy")
    }

    @Test func badJSONGivesLineAndColumn() {
        let e = error("{\n  \"anatomy\": \"builtin\",\n  \"scans\": [}\n}")
        #expect(e?.kind == .specification)
        #expect(e?.message.contains("line 3") == true, "\(String(describing: e))")
    }

    @Test func missingFileIsNamed() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        _ = try CalibrationFixtures.writeAnatomy(in: folder)
        let json = #"{"anatomy": {"white_matter": "wm.nii.gz", "grey_matter": "gm.nii.gz"}, "scans": [{"day": 0, "t1gd": {"mask": "nothere.nii.gz"}}]}"#
        let spec = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: folder.path)
        do { _ = try PatientData.load(spec, builtinAnatomy: nil); Issue.record("expected an error") } catch {
            #expect(error.location == "scans[0].t1gd")
            #expect(error.kind == .inputFile)
            #expect(error.message.contains("nothere.nii.gz"))
        }
    }

    @Test func mismatchedGridReportsShapesAndAffines() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        _ = try CalibrationFixtures.writeAnatomy(in: folder)
        let other = Grid(shape: SIMD3(16, 16, 15), spacingMillimeters: SIMD3(2, 2, 2))
        var mask = Volume<Double>(grid: other, repeating: 0)
        mask.values[100] = 1
        try NIfTIFile.write(mask, to: folder.appendingPathComponent("t.nii.gz"), datatype: .uint8)
        let json = #"{"anatomy": {"white_matter": "wm.nii.gz", "grey_matter": "gm.nii.gz"}, "scans": [{"day": 0, "t1gd": {"mask": "t.nii.gz"}}]}"#
        let spec = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: folder.path)
        do { _ = try PatientData.load(spec, builtinAnatomy: nil); Issue.record("expected an error") } catch {
            #expect(error.location == "scans[0].t1gd")
            #expect(error.message.contains("16×16×15 vs 16×16×16"), "\(error)")
            #expect(error.message.contains("affine [2 0 0 0;"), "\(error)")
            #expect(error.message.contains("-16"), "\(error)")
        }
    }

    @Test func emptyMaskIsNamed() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        _ = try CalibrationFixtures.writeAnatomy(in: folder)
        try NIfTIFile.write(Volume<Double>(grid: CalibrationFixtures.grid, repeating: 0), to: folder.appendingPathComponent("t.nii.gz"), datatype: .uint8)
        let json = #"{"anatomy": {"white_matter": "wm.nii.gz", "grey_matter": "gm.nii.gz"}, "scans": [{"day": 0, "flair": {"mask": "t.nii.gz"}}]}"#
        let spec = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: folder.path)
        do { _ = try PatientData.load(spec, builtinAnatomy: nil); Issue.record("expected an error") } catch {
            #expect(error.location == "scans[0].flair")
            #expect(error.message.contains("empty"))
        }
    }

    /// NaN or infinite voxels in an observation map are refused naming the field, the file and the count
    /// (rather than failing later as "initial positions are not finite").
    @Test func nonFiniteMapIsNamed() throws {
        let folder = CalibrationFixtures.temporaryFolder()
        _ = try CalibrationFixtures.writeAnatomy(in: folder)
        var mask = Volume<Double>(grid: CalibrationFixtures.grid, repeating: 0)
        mask.values[mask.grid.index(8, 8, 8)] = 1
        try NIfTIFile.write(mask, to: folder.appendingPathComponent("t.nii.gz"), datatype: .uint8)
        var pet = Volume<Double>(grid: CalibrationFixtures.grid, repeating: 0)
        pet.values[3] = .nan
        pet.values[5] = .infinity
        try NIfTIFile.write(pet, to: folder.appendingPathComponent("pet.nii.gz"), datatype: .float32)
        let json = #"{"anatomy": {"white_matter": "wm.nii.gz", "grey_matter": "gm.nii.gz"}, "scans": [{"day": 0, "t1gd": {"mask": "t.nii.gz"}, "pet": "pet.nii.gz"}]}"#
        let spec = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: folder.path)
        do { _ = try PatientData.load(spec, builtinAnatomy: nil); Issue.record("expected an error") } catch {
            #expect(error.location == "scans[0].pet")
            #expect(error.message.contains("pet.nii.gz") && error.message.contains("2 NaN or infinite voxels"), "\(error.message)")
        }
    }

    /// Scan days beyond 100 years are refused at the field (they would make the forward run endless).
    @Test func absurdDayIsNamed() throws {
        let json = #"{"anatomy": "builtin", "scans": [{"day": 0, "flair": {"mask": "a.nii"}}, {"day": 1e300, "flair": {"mask": "b.nii"}}]}"#
        do { _ = try PatientSpecification.parse(Data(json.utf8), source: "spec.json", baseDirectory: "/tmp"); Issue.record("expected an error") } catch {
            #expect(error.location == "scans[1].day")
        }
    }
}
