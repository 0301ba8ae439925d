import Foundation
import Testing
import _TestSupport
@testable import Imaging

@Suite struct NIfTIWriterTests {
    /// A 5×4×3 grid with a rotated, anisotropic, offset affine.
    static let grid: Grid = {
        let c = cos(0.3), s = sin(0.3)
        let affine = Affine(rows: [1.5 * c, -2 * s, 0, -90.5,
                                   1.5 * s, 2 * c, 0, 12.25,
                                   0, 0, 2.5, 30])
        return Grid(shape: SIMD3(5, 4, 3), spacingMillimeters: SIMD3(1.5, 2, 2.5), affine: affine)
    }()

    /// Values every datatype can hold, including its extremes.
    static func values(for datatype: NIfTIDatatype) -> [Double] {
        var values = (0..<60).map { Double($0 % 50) * (datatype.isInteger ? 1 : 0.25) - (datatype == .uint8 || datatype == .uint16 || datatype == .uint32 ? 0 : 7) }
        if let range = datatype.integerRange {
            values[1] = range.lowerBound
            // int64's top (2⁶³ − 1) is not a Double: use the largest Double below 2⁶³.
            values[2] = datatype == .int64 ? 9_223_372_036_854_774_784 : range.upperBound
        } else {
            values[1] = 1e30
            values[2] = -1.5e-7
        }
        return values
    }

    @Test(arguments: NIfTIDatatype.allCases, [".nii", ".nii.gz"])
    func roundTrip(datatype: NIfTIDatatype, suffix: String) throws {
        let folder = try SharedData.temporaryDirectory("imaging-writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("map" + suffix)
        let volume = Volume(grid: Self.grid, values: Self.values(for: datatype))
        try NIfTIFile.write(volume, to: url, datatype: datatype, description: "round trip \(datatype.name)")

        let image = try NIfTIFile.read(url)
        #expect(image.header.datatype == datatype)
        #expect(image.header.sformCode == 1 && image.header.qformCode == 1)
        #expect(image.header.descrip == "round trip \(datatype.name)")
        #expect(image.header.spatialUnitName == "mm")
        #expect(image.header.voxOffset == 352)
        #expect(image.volume.grid.shape == Self.grid.shape)
        // srow is float32 on disk.
        #expect(image.volume.grid.affine.maxAbsoluteDifference(to: Self.grid.affine) < 1e-5)
        let expected = datatype == .float32 ? volume.values.map { Double(Float($0)) } : volume.values
        #expect(image.volume.values == expected)

        // The qform written beside the sform describes the same affine (to float32 precision).
        var qformOnly = image.header
        qformOnly.sformCode = 0
        let qformGeometry = try NIfTIGeometry(header: qformOnly, path: url.path)
        #expect(qformGeometry.affine.maxAbsoluteDifference(to: Self.grid.affine) < 1e-4)

        // Gzip only when the name says so.
        let head = try Data(contentsOf: url).prefix(2)
        #expect((head == Data([0x1F, 0x8B])) == (suffix == ".nii.gz"))
    }

    @Test func floatVolumeRoundTrip() throws {
        let folder = try SharedData.temporaryDirectory("imaging-writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("f.nii.gz")
        let volume = Volume(grid: Self.grid, values: (0..<60).map { Float($0) * 0.1 - 2 })
        try NIfTIFile.write(volume, to: url)
        #expect(try NIfTIFile.readVolumeFloat32(url).values == volume.values)
    }

    @Test(arguments: [
        (NIfTIDatatype.uint8, 256.0), (.uint8, -1), (.int8, 128), (.int16, 1.5), (.int16, 40000),
        (.uint16, -0.5), (.int32, .nan), (.uint32, .infinity), (.int64, 9.3e18), (.float32, 1e39),
    ])
    func refusesValuesThatDoNotFit(datatype: NIfTIDatatype, value: Double) throws {
        let folder = try SharedData.temporaryDirectory("imaging-writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.nii")
        var values = [Double](repeating: 0, count: 60)
        values[17] = value
        let error = #expect(throws: NIfTIError.self) {
            try NIfTIFile.write(Volume(grid: Self.grid, values: values), to: url, datatype: datatype)
        }
        guard case .valueDoesNotFit(_, 17, datatype)? = error?.kind else {
            Issue.record("wrong error \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("bad.nii") == true)
        #expect(!FileManager.default.fileExists(atPath: url.path), "no file on failure")
    }

    @Test func maskIsWrittenAsUInt8ZeroOne() throws {
        let folder = try SharedData.temporaryDirectory("imaging-writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("mask.nii.gz")
        let mask = Volume(grid: Self.grid, values: (0..<60).map { $0 % 3 == 0 })
        try NIfTIFile.write(mask, to: url, description: "T1Gd-visible")
        let image = try NIfTIFile.read(url)
        #expect(image.header.datatype == .uint8)
        #expect(image.volume.values == mask.values.map { $0 ? 1 : 0 })
        #expect(image.header.descrip == "T1Gd-visible")
    }

    @Test func writeIsAtomicAndLeavesNoTemporaryFiles() throws {
        let folder = try SharedData.temporaryDirectory("imaging-writer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("map.nii.gz")
        let volume = Volume(grid: Self.grid, values: Self.values(for: .float64))
        try NIfTIFile.write(volume, to: url, datatype: .float64)
        try NIfTIFile.write(volume, to: url, datatype: .float64)  // replaces the existing file
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names == ["map.nii.gz"])
        #expect(try NIfTIFile.readVolume(url).values == volume.values)
    }

    @Test func writeIntoMissingFolderFails() throws {
        let url = URL(fileURLWithPath: "/nonexistent-gliobayes-folder/map.nii")
        let error = #expect(throws: NIfTIError.self) {
            try NIfTIFile.write(Volume(grid: Self.grid, repeating: 0.0), to: url)
        }
        guard case .writeFailed? = error?.kind else { Issue.record("wrong error \(String(describing: error))"); return }
    }

    @Test(arguments: [NIfTIHeader.Version.one, .two], [NIfTIHeader.ByteOrder.littleEndian, .bigEndian])
    func headerEncodingRoundTrips(version: NIfTIHeader.Version, order: NIfTIHeader.ByteOrder) throws {
        var header = NIfTIFile.header(for: Self.grid, datatype: .int16, description: "héader ✓")
        header.version = version
        header.byteOrder = order
        header.voxOffset = Double(header.headerSize + 4)
        header.sclSlope = 0.5
        header.sclInter = -2
        header.intentName = "label"
        header.auxFile = "aux"
        // Values that survive float32 storage exactly in NIfTI-1.
        let float32Exact: (Double) -> Double = { Double(Float($0)) }
        if version == .one {
            header.pixdim = header.pixdim.map(float32Exact)
            for keyPath in [\NIfTIHeader.quaternB, \.quaternC, \.quaternD, \.qoffsetX, \.qoffsetY, \.qoffsetZ] {
                header[keyPath: keyPath] = float32Exact(header[keyPath: keyPath])
            }
            header.srowX = header.srowX.map(float32Exact)
            header.srowY = header.srowY.map(float32Exact)
            header.srowZ = header.srowZ.map(float32Exact)
        }
        let bytes = header.encoded()
        #expect(bytes.count == header.headerSize)
        let parsed = try NIfTIHeader.parse(bytes, path: "mem")
        #expect(parsed == header)
    }
}
