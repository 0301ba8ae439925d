import Foundation
import Testing
import _TestSupport
@testable import Imaging

/// The bad-input catalogue: every malformed file gives a typed ``NIfTIError`` whose one-line message
/// names the file; none crashes, hangs or allocates beyond the limit. Files are made here from a valid one.
@Suite struct NIfTIMalformedTests {
    static let grid = Grid(shape: SIMD3(5, 4, 3), spacingMillimeters: SIMD3(1, 1, 2))

    /// A valid header for the 5×4×3 grid.
    static func header(_ version: NIfTIHeader.Version = .one, _ datatype: NIfTIDatatype = .int16) -> NIfTIHeader {
        var header = NIfTIFile.header(for: grid, datatype: datatype, description: "malformed-test")
        header.version = version
        header.voxOffset = Double(header.headerSize + 4)
        return header
    }

    /// Header + extension flag + voxel bytes (all zero) for a header.
    static func file(_ header: NIfTIHeader, dataBytes: Int? = nil) -> [UInt8] {
        let count = dataBytes ?? 60 * (header.datatype?.bytesPerVoxel ?? 2)
        return header.encoded() + [0, 0, 0, 0] + [UInt8](repeating: 7, count: count)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let data = try bytes.withUnsafeBytes { try GzipDeflater.compress($0, level: 6, path: "mem") }
        return [UInt8](data)
    }

    /// Writes `bytes` as `name` in a fresh folder, reads it, and returns the error (recording an issue if none).
    static func readError(_ bytes: [UInt8], name: String = "bad.nii", limits: NIfTIReadLimits = .default,
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> NIfTIError.Kind? {
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return expectError(url, limits: limits, sourceLocation: sourceLocation)
    }

    static func expectError(_ url: URL, limits: NIfTIReadLimits = .default, named: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) -> NIfTIError.Kind? {
        do {
            _ = try NIfTIFile.read(url, limits: limits)
            Issue.record("no error reading \(url.lastPathComponent)", sourceLocation: sourceLocation)
            return nil
        } catch let error as NIfTIError {
            #expect(error.description.contains(named ?? url.lastPathComponent), "message must name the file: \(error)",
                    sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), "message must be one line: \(error)", sourceLocation: sourceLocation)
            return error.kind
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func validBaselineReads() throws {
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        for version in [NIfTIHeader.Version.one, .two] {
            let url = folder.appendingPathComponent("ok\(version.rawValue).nii")
            try Data(Self.file(Self.header(version))).write(to: url)
            let volume = try NIfTIFile.readVolume(url)
            #expect(volume.values.allSatisfy { $0 == 1799 })  // bytes 07 07 as int16
        }
    }

    // 1
    @Test func emptyFile() throws {
        #expect(try Self.readError([]) == .emptyFile)
    }

    // 2
    @Test func truncatedHeader() throws {
        let bytes = Array(Self.file(Self.header()).prefix(100))
        #expect(try Self.readError(bytes) == .truncatedHeader(bytesAvailable: 100, bytesNeeded: 348))
        let two = Array(Self.file(Self.header(.two)).prefix(400))
        #expect(try Self.readError(two) == .truncatedHeader(bytesAvailable: 400, bytesNeeded: 540))
        #expect(try Self.readError([0x5C, 0x01]) == .truncatedHeader(bytesAvailable: 2, bytesNeeded: 348))
    }

    // 3
    @Test func wrongMagic() throws {
        var bytes = Self.file(Self.header())
        bytes[344] = UInt8(ascii: "x")
        guard case .wrongMagic? = try Self.readError(bytes) else { Issue.record("expected wrongMagic"); return }
        // A pair header (ni1) inside a single .nii file.
        var pair = Self.header()
        pair.isPair = true
        guard case .wrongMagic? = try Self.readError(Self.file(pair)) else { Issue.record("expected wrongMagic"); return }
    }

    // 4
    @Test func notANIfTIHeaderSize() throws {
        var bytes = Self.file(Self.header())
        bytes[0] = 123; bytes[1] = 0; bytes[2] = 0; bytes[3] = 0
        #expect(try Self.readError(bytes) == .unrecognisedHeaderSize(123))
        let text = Array("this is a text file, not an image at all, honestly, no voxels in here whatsoever".utf8)
        guard case .unrecognisedHeaderSize? = try Self.readError(text) else { Issue.record("expected unrecognisedHeaderSize"); return }
    }

    // 5
    @Test(arguments: [NIfTIHeader.Version.one, .two], [NIfTIHeader.ByteOrder.littleEndian, .bigEndian])
    func truncatedData(version: NIfTIHeader.Version, order: NIfTIHeader.ByteOrder) throws {
        var header = Self.header(version)
        header.byteOrder = order
        #expect(try Self.readError(Self.file(header, dataBytes: 101)) == .truncatedData(bytesAvailable: 101, bytesNeeded: 120))
        #expect(try Self.readError(Self.gzip(Self.file(header, dataBytes: 3)), name: "bad.nii.gz")
                == .truncatedData(bytesAvailable: 3, bytesNeeded: 120))
    }

    // 6
    @Test func voxOffsetPastEnd() throws {
        var header = Self.header()
        header.voxOffset = 100_000
        #expect(try Self.readError(Self.file(header)) == .voxOffsetPastEnd(voxOffset: 100_000, bytesAvailable: 472))
        #expect(try Self.readError(Self.gzip(Self.file(header)), name: "bad.nii.gz")
                == .voxOffsetPastEnd(voxOffset: 100_000, bytesAvailable: 472))
    }

    // 7
    @Test(arguments: [0.0, 100, 347, -352, 352.5, .nan, .infinity])
    func invalidVoxOffset(offset: Double) throws {
        var header = Self.header()
        header.voxOffset = offset
        guard case .invalidVoxOffset? = try Self.readError(Self.file(header)) else {
            Issue.record("expected invalidVoxOffset for \(offset)"); return
        }
    }

    // 8
    @Test(arguments: [1, 2, 3])
    func negativeDimension(axis: Int) throws {
        var header = Self.header()
        header.dim[axis] = -5
        #expect(try Self.readError(Self.file(header)) == .nonPositiveDimension(axis: axis, size: -5))
    }

    // 9
    @Test func zeroDimension() throws {
        var header = Self.header()
        header.dim[2] = 0
        #expect(try Self.readError(Self.file(header)) == .nonPositiveDimension(axis: 2, size: 0))
    }

    // 10
    @Test(arguments: [0, 8, -1, 300])
    func dimensionCountOutOfRange(rank: Int) throws {
        var header = Self.header()
        header.dim[0] = rank
        #expect(try Self.readError(Self.file(header)) == .dimensionCountOutOfRange(rank))
    }

    // 11
    @Test func absurdDimensions() throws {
        // NIfTI-1: 32767³ voxels ≈ 3.5e13, far over the limit; refused before allocating.
        var one = Self.header()
        one.dim = [3, 32767, 32767, 32767, 1, 1, 1, 1]
        #expect(try Self.readError(Self.file(one)) == .tooLarge(voxels: 35_181_150_961_663, limit: 1 << 28))
        // NIfTI-2: 64-bit dims whose product overflows Int.
        var two = Self.header(.two)
        two.dim = [3, 1 << 40, 1 << 40, 1 << 40, 1, 1, 1, 1]
        #expect(try Self.readError(Self.file(two)) == .tooLarge(voxels: nil, limit: 1 << 28))
        // A configurable limit.
        #expect(try Self.readError(Self.file(Self.header()), limits: NIfTIReadLimits(maxVoxels: 59))
                == .tooLarge(voxels: 60, limit: 59))
    }

    // 12
    @Test func realFourDimensionalImage() throws {
        var header = Self.header()
        header.dim = [4, 5, 4, 3, 2, 1, 1, 1]
        #expect(try Self.readError(Self.file(header, dataBytes: 240)) == .notThreeDimensional(dims: [5, 4, 3, 2]))
        // A trailing singleton 4th dimension is fine.
        header.dim = [4, 5, 4, 3, 1, 1, 1, 1]
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("singleton.nii")
        try Data(Self.file(header)).write(to: url)
        #expect(try NIfTIFile.readVolume(url).grid.shape == SIMD3(5, 4, 3))
    }

    // 13
    @Test(arguments: [(32, 64), (128, 24), (1, 1), (1536, 128), (2304, 32), (1280, 64), (0, 0), (77, 16)])
    func unsupportedDatatype(code: Int, bitpix: Int) throws {
        var header = Self.header()
        header.datatypeCode = code
        header.bitpix = bitpix
        #expect(try Self.readError(Self.file(header, dataBytes: 60 * 16)) == .unsupportedDatatype(code: code))
    }

    // 14
    @Test func bitpixInconsistentWithDatatype() throws {
        var header = Self.header(.one, .int16)
        header.bitpix = 32
        #expect(try Self.readError(Self.file(header)) == .bitpixMismatch(datatype: 4, bitpix: 32, expected: 16))
    }

    // 15
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteSform(bad: Double) throws {
        var header = Self.header()
        header.srowY[3] = bad
        #expect(try Self.readError(Self.file(header)) == .nonFiniteSform)
    }

    // 16
    @Test func nonFiniteQuaternion() throws {
        var header = Self.header(.two)
        header.sformCode = 0
        header.quaternC = .nan
        #expect(try Self.readError(Self.file(header)) == .nonFiniteQuaternion)
        header.quaternC = 0
        header.qoffsetZ = .infinity
        #expect(try Self.readError(Self.file(header)) == .nonFiniteQuaternion)
    }

    // 17
    @Test func invalidPixdim() throws {
        var qform = Self.header()
        qform.sformCode = 0
        qform.pixdim[2] = .nan
        #expect(try Self.readError(Self.file(qform)).map { "\($0)" } == "\(NIfTIError.Kind.invalidPixdim(axis: 2, value: .nan))")
        var fallback = Self.header()
        fallback.sformCode = 0
        fallback.qformCode = 0
        fallback.pixdim[3] = 0
        #expect(try Self.readError(Self.file(fallback)) == .invalidPixdim(axis: 3, value: 0))
        // With an sform, a zero pixdim is replaced by the sform's column length.
        var sform = Self.header()
        sform.pixdim[1] = 0
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("zero-pixdim.nii")
        try Data(Self.file(sform)).write(to: url)
        #expect(try NIfTIFile.readVolume(url).grid.spacingMillimeters == SIMD3(1, 1, 2))
    }

    // 18
    @Test func nonFiniteInterceptWithValidSlope() throws {
        var header = Self.header()
        header.sclSlope = 2
        header.sclInter = .infinity
        #expect(try Self.readError(Self.file(header)) == .nonFiniteIntercept(.infinity))
    }

    // 19
    @Test func corruptGzip() throws {
        var bytes = try Self.gzip(Self.file(Self.header()))
        for k in 12..<min(40, bytes.count - 8) { bytes[k] ^= 0xA5 }
        guard case .corruptGzip? = try Self.readError(bytes, name: "bad.nii.gz") else { Issue.record("expected corruptGzip"); return }
    }

    // 20
    @Test func truncatedGzip() throws {
        let bytes = try Self.gzip(Self.file(Self.header()))
        guard case .corruptGzip? = try Self.readError(Array(bytes.prefix(bytes.count / 2)), name: "bad.nii.gz") else {
            Issue.record("expected corruptGzip"); return
        }
        // Only the gzip magic.
        guard case .corruptGzip? = try Self.readError([0x1F, 0x8B], name: "bad.nii.gz") else {
            Issue.record("expected corruptGzip"); return
        }
    }

    // 21
    @Test func gzipChecksumMismatch() throws {
        var bytes = try Self.gzip(Self.file(Self.header()))
        bytes[bytes.count - 6] ^= 0xFF  // CRC-32 in the trailer
        guard case .corruptGzip? = try Self.readError(bytes, name: "bad.nii.gz") else { Issue.record("expected corruptGzip"); return }
    }

    // 22
    @Test func gzipOfGarbage() throws {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<2000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var bytes = garbage
        bytes[0] = 1  // sizeof_hdr can never match 348/540 with a first byte of 1
        bytes[1] = 2
        guard case .unrecognisedHeaderSize? = try Self.readError(Self.gzip(bytes), name: "bad.nii.gz") else {
            Issue.record("expected unrecognisedHeaderSize"); return
        }
        #expect(try Self.readError(Self.gzip([]), name: "empty.nii.gz") == .emptyFile)
    }

    // 23
    @Test func headerWithoutImageFile() throws {
        var header = Self.header()
        header.isPair = true
        header.voxOffset = 0
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("lonely.hdr")
        try Data(header.encoded()).write(to: url)
        #expect(Self.expectError(url) == .missingImageFile(expectedPath: folder.appendingPathComponent("lonely.img").path))
        // And an image file whose header is missing.
        let image = folder.appendingPathComponent("orphan.img")
        try Data([UInt8](repeating: 0, count: 120)).write(to: image)
        #expect(Self.expectError(image) == .missingHeaderFile(expectedPath: folder.appendingPathComponent("orphan.hdr").path))
    }

    // 24
    @Test func pairImageTooShort() throws {
        var header = Self.header()
        header.isPair = true
        header.voxOffset = 16
        let folder = try SharedData.temporaryDirectory("imaging-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(header.encoded()).write(to: folder.appendingPathComponent("short.hdr"))
        try Data([UInt8](repeating: 0, count: 50)).write(to: folder.appendingPathComponent("short.img"))
        // The message names the .img, which is the truncated file.
        #expect(Self.expectError(folder.appendingPathComponent("short.hdr"), named: "short.img") == .truncatedData(bytesAvailable: 34, bytesNeeded: 120))
    }

    // 25
    @Test func directoryInsteadOfFile() throws {
        let folder = try SharedData.temporaryDirectory("imaging-malformed.nii")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.expectError(folder) == .isDirectory)
    }

    // 26
    @Test func nonexistentFile() {
        #expect(Self.expectError(URL(fileURLWithPath: "/nonexistent/gliobayes/none.nii.gz")) == .fileNotFound)
    }

    // 27
    @Test func bigEndianHeaderWithBadDatatype() throws {
        var header = Self.header(.two)
        header.byteOrder = .bigEndian
        header.datatypeCode = 128
        header.bitpix = 24
        #expect(try Self.readError(Self.file(header)) == .unsupportedDatatype(code: 128))
    }

    @Test func messagesAreReadable() {
        let error = NIfTIError(path: "/data/tumT1c.nii.gz", kind: .unsupportedDatatype(code: 32))
        #expect(error.description.hasPrefix("/data/tumT1c.nii.gz: unsupported datatype complex64 (32)"))
    }
}

@Suite struct NIfTISpecialFileTests {
    @Test(arguments: ["/dev/null", "/dev/zero"])
    func devicesAreNotImages(path: String) {
        let kind = NIfTIMalformedTests.expectError(URL(fileURLWithPath: path))
        guard case .unreadable(let reason)? = kind else { Issue.record("expected unreadable, got \(String(describing: kind))"); return }
        #expect(reason.contains("not a regular file"))
    }

    @Test func hugeClaimInTinyPlainFileIsRefusedBeforeAllocating() throws {
        // 2²⁸ float64 voxels (2 GiB) claimed by a 480-byte file: refused from the file size alone.
        var header = NIfTIMalformedTests.header(.one, .float64)
        header.dim = [3, 1024, 1024, 256, 1, 1, 1, 1]
        let kind = try NIfTIMalformedTests.readError(NIfTIMalformedTests.file(header, dataBytes: 128))
        #expect(kind == .truncatedData(bytesAvailable: 128, bytesNeeded: 1 << 31))
    }
}
