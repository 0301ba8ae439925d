import Calibration
import Imaging
import Foundation
import Testing
import _TestSupport
@testable import Reports

@Test func reportOfAFolderWithoutRunRecordNamesTheFile() throws {
    let dir = try SharedData.temporaryDirectory("report-empty")
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
        _ = try RunReport.build(runFolder: dir, builtinAnatomy: nil, toolVersion: "test")
        Issue.record("expected an error")
    } catch {
        #expect("\(error)".contains("run.json"))
    }
}

@Test func slicePlanesMapPictureRowsToFlippedGridAxes() {
    let g = Imaging.Grid(shape: SIMD3(4, 3, 2), spacingMillimeters: SIMD3(1, 1, 1))
    let (w, h, index) = SlicePlane.axial.layout(grid: g, centre: SIMD3(1, 1, 1))
    #expect(w == 4 && h == 3)
    #expect(index(0) == g.index(0, 2, 1))        // top-left pixel: x = 0, highest y
    #expect(index(w * h - 1) == g.index(3, 0, 1)) // bottom-right: x = 3, y = 0
    let (ws, hs, sag) = SlicePlane.sagittal.layout(grid: g, centre: SIMD3(1, 1, 1))
    #expect(ws == 3 && hs == 2)
    #expect(sag(0) == g.index(1, 0, 1))
}
