/// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header, as stored (before interpretation).
///
/// Field names follow the NIfTI standard (`nifti1.h`, `nifti2.h`) in Swift case. NIfTI-1 stores
/// 16-bit dims and 32-bit floats; both are widened here to `Int` and `Double`. Interpretation
/// (which affine, which spacing, whether the dims are acceptable) is done by ``NIfTIGeometry``.
/// Reference: https://nifti.nimh.nih.gov/nifti-1 and the NIfTI-2 header description.
public struct NIfTIHeader: Sendable, Equatable {
    /// NIfTI-1 or NIfTI-2.
    public enum Version: Int, Sendable, Codable { case one = 1, two = 2 }
    /// Byte order of the header and the voxel data.
    public enum ByteOrder: String, Sendable, Codable {
        case littleEndian = "little-endian", bigEndian = "big-endian"
        /// The byte order of the machine running this code.
        public static var native: ByteOrder { 1.littleEndian == 1 ? .littleEndian : .bigEndian }
    }

    public var version: Version = .one
    public var byteOrder: ByteOrder = .native
    /// `true` for a `.hdr`/`.img` pair (magic `ni1`/`ni2`), `false` for a single `.nii` (`n+1`/`n+2`).
    public var isPair = false
    /// `dim[0...7]`: `dim[0]` is the number of dimensions, `dim[1...3]` are nx, ny, nz.
    public var dim: [Int] = [3, 1, 1, 1, 1, 1, 1, 1]
    /// `intent_p1...3`.
    public var intentParameters: [Double] = [0, 0, 0]
    /// `intent_code`.
    public var intentCode = 0
    /// The raw `datatype` code (see ``NIfTIDatatype``).
    public var datatypeCode = NIfTIDatatype.float32.rawValue
    /// Bits per voxel.
    public var bitpix = 32
    /// `slice_start`, `slice_end`, `slice_code`, `dim_info` (carried, not interpreted).
    public var sliceStart = 0, sliceEnd = 0, sliceCode = 0, dimInfo = 0
    /// `pixdim[0...7]`: `pixdim[0]` is qfac (±1), `pixdim[1...3]` the voxel size in `xyzt_units`.
    public var pixdim: [Double] = [1, 1, 1, 1, 0, 0, 0, 0]
    /// Byte offset of the voxel data (in the `.nii`, or in the `.img` of a pair).
    public var voxOffset: Double = 352
    /// Scaling: `value = sclSlope · raw + sclInter` when `sclSlope` is finite and non-zero.
    public var sclSlope: Double = 1, sclInter: Double = 0
    /// `cal_max`, `cal_min` (display range), `slice_duration`, `toffset`.
    public var calMax: Double = 0, calMin: Double = 0, sliceDuration: Double = 0, toffset: Double = 0
    /// `xyzt_units`: spatial units in bits 0–2 (1 m, 2 mm, 3 µm), time in bits 3–5.
    public var xyztUnits = 2
    /// `descrip` (up to 79 characters), `aux_file`, `intent_name`.
    public var descrip = "", auxFile = "", intentName = ""
    /// `qform_code` and `sform_code` (0 = absent, 1 scanner, 2 aligned, 3 Talairach, 4 MNI, 5 template).
    public var qformCode = 0, sformCode = 0
    /// Quaternion form: `quatern_b, c, d` and `qoffset_x, y, z`.
    public var quaternB: Double = 0, quaternC: Double = 0, quaternD: Double = 0
    public var qoffsetX: Double = 0, qoffsetY: Double = 0, qoffsetZ: Double = 0
    /// Affine rows `srow_x`, `srow_y`, `srow_z` (4 numbers each).
    public var srowX: [Double] = [1, 0, 0, 0], srowY: [Double] = [0, 1, 0, 0], srowZ: [Double] = [0, 0, 1, 0]

    /// Creates a header with defaults (NIfTI-1, native byte order, float32, 1×1×1, identity).
    public init() {}

    /// The header size in bytes: 348 (NIfTI-1) or 540 (NIfTI-2).
    public var headerSize: Int { version == .one ? 348 : 540 }

    /// The datatype, or `nil` if the code is not one GlioBayes supports.
    public var datatype: NIfTIDatatype? { NIfTIDatatype(rawValue: datatypeCode) }

    /// The magic string this header carries (`n+1`, `ni1`, `n+2`, `ni2`).
    public var magic: String { (isPair ? "ni" : "n+") + (version == .one ? "1" : "2") }

    /// The spatial unit named by `xyzt_units` (`"mm"`, `"m"`, `"um"`, or `"unknown"`).
    public var spatialUnitName: String {
        switch xyztUnits & 0x07 {
        case 1: "m"
        case 2: "mm"
        case 3: "um"
        default: "unknown"
        }
    }

    /// The sform as an affine (not checked; see ``NIfTIGeometry``).
    public var sformAffine: Affine { Affine(rows: srowX + srowY + srowZ) }
}

// MARK: - Binary layout

extension NIfTIHeader {
    /// Byte offsets of the fields, per version (nifti1.h / nifti2.h).
    struct Layout {
        let sizeofHdr = 0
        let magic: Int, magicLength: Int
        let dim: Int, intWidth: Int       // dims: int16 (v1) or int64 (v2)
        let intentP: Int, intentCode: Int, intentCodeWidth: Int
        let datatype: Int, bitpix: Int
        let sliceStart: Int, sliceEnd: Int, sliceIntWidth: Int
        let pixdim: Int, floatWidth: Int  // float32 (v1) or float64 (v2)
        let voxOffset: Int
        let sclSlope: Int, sclInter: Int
        let calMax: Int, calMin: Int, sliceDuration: Int, toffset: Int
        let descrip: Int, auxFile: Int
        let qformCode: Int, sformCode: Int, codeWidth: Int
        let quatern: Int   // b, c, d, qoffset x, y, z consecutive
        let srow: Int      // 12 consecutive
        let sliceCode: Int, sliceCodeWidth: Int
        let xyztUnits: Int, xyztUnitsWidth: Int
        let intentName: Int
        let dimInfo: Int

        static let one = Layout(magic: 344, magicLength: 4, dim: 40, intWidth: 2,
                                intentP: 56, intentCode: 68, intentCodeWidth: 2, datatype: 70, bitpix: 72,
                                sliceStart: 74, sliceEnd: 120, sliceIntWidth: 2, pixdim: 76, floatWidth: 4,
                                voxOffset: 108, sclSlope: 112, sclInter: 116,
                                calMax: 124, calMin: 128, sliceDuration: 132, toffset: 136,
                                descrip: 148, auxFile: 228, qformCode: 252, sformCode: 254, codeWidth: 2,
                                quatern: 256, srow: 280, sliceCode: 122, sliceCodeWidth: 1,
                                xyztUnits: 123, xyztUnitsWidth: 1, intentName: 328, dimInfo: 39)
        static let two = Layout(magic: 4, magicLength: 8, dim: 16, intWidth: 8,
                                intentP: 80, intentCode: 504, intentCodeWidth: 4, datatype: 12, bitpix: 14,
                                sliceStart: 224, sliceEnd: 232, sliceIntWidth: 8, pixdim: 104, floatWidth: 8,
                                voxOffset: 168, sclSlope: 176, sclInter: 184,
                                calMax: 192, calMin: 200, sliceDuration: 208, toffset: 216,
                                descrip: 240, auxFile: 320, qformCode: 344, sformCode: 348, codeWidth: 4,
                                quatern: 352, srow: 400, sliceCode: 496, sliceCodeWidth: 4,
                                xyztUnits: 500, xyztUnitsWidth: 4, intentName: 508, dimInfo: 524)
    }

    /// Reads integers and floats of either byte order from a byte array.
    struct ByteReader {
        let bytes: [UInt8]
        let bigEndian: Bool

        func int(_ offset: Int, width: Int) -> Int {
            switch width {
            case 1: return Int(Int8(bitPattern: bytes[offset]))
            case 2: return Int(Int16(bitPattern: UInt16(raw(offset, 2))))
            case 4: return Int(Int32(bitPattern: UInt32(raw(offset, 4))))
            default: return Int(Int64(bitPattern: raw(offset, 8)))
            }
        }
        func float(_ offset: Int, width: Int) -> Double {
            width == 4 ? Double(Float(bitPattern: UInt32(raw(offset, 4)))) : Double(bitPattern: raw(offset, 8))
        }
        func string(_ offset: Int, length: Int) -> String {
            let slice = bytes[offset..<(offset + length)]
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return String(decoding: slice[offset..<end], as: UTF8.self)
        }
        /// The unsigned integer stored at `offset` with `width` bytes in the file's byte order.
        private func raw(_ offset: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            if bigEndian {
                for k in 0..<width { value = (value << 8) | UInt64(bytes[offset + k]) }
            } else {
                for k in (0..<width).reversed() { value = (value << 8) | UInt64(bytes[offset + k]) }
            }
            return value
        }
    }

    /// Writes integers and floats in a chosen byte order into a byte array.
    struct ByteWriter {
        var bytes: [UInt8]
        let bigEndian: Bool

        mutating func int(_ offset: Int, width: Int, _ value: Int) {
            put(offset, width, UInt64(bitPattern: Int64(value)))
        }
        mutating func float(_ offset: Int, width: Int, _ value: Double) {
            if width == 4 { put(offset, 4, UInt64(Float(value).bitPattern)) } else { put(offset, 8, value.bitPattern) }
        }
        mutating func string(_ offset: Int, length: Int, _ value: String) {
            let utf8 = Array(value.utf8.prefix(length - 1))  // always NUL-terminated
            for k in 0..<length { bytes[offset + k] = k < utf8.count ? utf8[k] : 0 }
        }
        private mutating func put(_ offset: Int, _ width: Int, _ value: UInt64) {
            for k in 0..<width {
                let byte = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))
                bytes[offset + (bigEndian ? width - 1 - k : k)] = byte
            }
        }
    }

    /// Detects version and byte order from the first four bytes (`sizeof_hdr` = 348 or 540, maybe swapped).
    static func detect(_ first4: [UInt8]) -> (Version, ByteOrder)? {
        let little = Int(first4[0]) | Int(first4[1]) << 8 | Int(first4[2]) << 16 | Int(first4[3]) << 24
        let big = Int(first4[3]) | Int(first4[2]) << 8 | Int(first4[1]) << 16 | Int(first4[0]) << 24
        switch (little, big) {
        case (348, _): return (.one, .littleEndian)
        case (540, _): return (.two, .littleEndian)
        case (_, 348): return (.one, .bigEndian)
        case (_, 540): return (.two, .bigEndian)
        default: return nil
        }
    }

    /// Parses a complete header (`bytes.count ≥ headerSize` of the detected version).
    /// Checks only the size and the magic; everything else is checked by ``NIfTIGeometry``.
    static func parse(_ bytes: [UInt8], path: String) throws -> NIfTIHeader {
        guard !bytes.isEmpty else { throw NIfTIError(path: path, kind: .emptyFile) }
        guard bytes.count >= 4 else {
            throw NIfTIError(path: path, kind: .truncatedHeader(bytesAvailable: bytes.count, bytesNeeded: 348))
        }
        guard let (version, order) = detect(Array(bytes[0..<4])) else {
            let little = Int(Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8
                                   | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24))
            throw NIfTIError(path: path, kind: .unrecognisedHeaderSize(little))
        }
        var header = NIfTIHeader()
        header.version = version
        header.byteOrder = order
        guard bytes.count >= header.headerSize else {
            throw NIfTIError(path: path, kind: .truncatedHeader(bytesAvailable: bytes.count, bytesNeeded: header.headerSize))
        }
        let layout = version == .one ? Layout.one : Layout.two
        let reader = ByteReader(bytes: bytes, bigEndian: order == .bigEndian)

        // Magic: "n+1\0" / "ni1\0" (v1), "n+2\0\r\n\u{1A}\n" / "ni2\0…" (v2). Only the first 4 bytes decide.
        let magicBytes = Array(bytes[layout.magic..<(layout.magic + 4)])
        let digit: UInt8 = version == .one ? 0x31 : 0x32
        if magicBytes == [0x6E, 0x2B, digit, 0] {
            header.isPair = false
        } else if magicBytes == [0x6E, 0x69, digit, 0] {
            header.isPair = true
        } else {
            let shown = magicBytes.map { (0x20...0x7E).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }
                .joined()
            throw NIfTIError(path: path, kind: .wrongMagic(found: shown, expected: version == .one ? "n+1 or ni1" : "n+2 or ni2"))
        }

        header.dim = (0..<8).map { reader.int(layout.dim + $0 * layout.intWidth, width: layout.intWidth) }
        header.intentParameters = (0..<3).map { reader.float(layout.intentP + $0 * layout.floatWidth, width: layout.floatWidth) }
        header.intentCode = reader.int(layout.intentCode, width: layout.intentCodeWidth)
        header.datatypeCode = reader.int(layout.datatype, width: 2)
        header.bitpix = reader.int(layout.bitpix, width: 2)
        header.sliceStart = reader.int(layout.sliceStart, width: layout.sliceIntWidth)
        header.sliceEnd = reader.int(layout.sliceEnd, width: layout.sliceIntWidth)
        header.sliceCode = reader.int(layout.sliceCode, width: layout.sliceCodeWidth)
        header.dimInfo = Int(bytes[layout.dimInfo])
        header.pixdim = (0..<8).map { reader.float(layout.pixdim + $0 * layout.floatWidth, width: layout.floatWidth) }
        header.voxOffset = version == .one
            ? reader.float(layout.voxOffset, width: 4) : Double(reader.int(layout.voxOffset, width: 8))
        header.sclSlope = reader.float(layout.sclSlope, width: layout.floatWidth)
        header.sclInter = reader.float(layout.sclInter, width: layout.floatWidth)
        header.calMax = reader.float(layout.calMax, width: layout.floatWidth)
        header.calMin = reader.float(layout.calMin, width: layout.floatWidth)
        header.sliceDuration = reader.float(layout.sliceDuration, width: layout.floatWidth)
        header.toffset = reader.float(layout.toffset, width: layout.floatWidth)
        header.xyztUnits = reader.int(layout.xyztUnits, width: layout.xyztUnitsWidth) & 0xFF
        header.descrip = reader.string(layout.descrip, length: 80)
        header.auxFile = reader.string(layout.auxFile, length: 24)
        header.intentName = reader.string(layout.intentName, length: 16)
        header.qformCode = reader.int(layout.qformCode, width: layout.codeWidth)
        header.sformCode = reader.int(layout.sformCode, width: layout.codeWidth)
        let q = (0..<6).map { reader.float(layout.quatern + $0 * layout.floatWidth, width: layout.floatWidth) }
        (header.quaternB, header.quaternC, header.quaternD) = (q[0], q[1], q[2])
        (header.qoffsetX, header.qoffsetY, header.qoffsetZ) = (q[3], q[4], q[5])
        let s = (0..<12).map { reader.float(layout.srow + $0 * layout.floatWidth, width: layout.floatWidth) }
        header.srowX = Array(s[0..<4])
        header.srowY = Array(s[4..<8])
        header.srowZ = Array(s[8..<12])
        return header
    }

    /// The header's bytes (348 or 540) in its ``byteOrder``, without the 4-byte extension flag.
    public func encoded() -> [UInt8] {
        let layout = version == .one ? Layout.one : Layout.two
        var writer = ByteWriter(bytes: [UInt8](repeating: 0, count: headerSize), bigEndian: byteOrder == .bigEndian)
        writer.int(0, width: 4, headerSize)
        let magicBytes: [UInt8] = Array(magic.utf8) + (version == .one ? [0] : [0, 0x0D, 0x0A, 0x1A, 0x0A])
        for (k, byte) in magicBytes.enumerated() { writer.bytes[layout.magic + k] = byte }
        if version == .one { writer.bytes[38] = 0x72 }  // regular = 'r' (ANALYZE legacy field)
        for k in 0..<8 { writer.int(layout.dim + k * layout.intWidth, width: layout.intWidth, dim[k]) }
        for k in 0..<3 { writer.float(layout.intentP + k * layout.floatWidth, width: layout.floatWidth, intentParameters[k]) }
        writer.int(layout.intentCode, width: layout.intentCodeWidth, intentCode)
        writer.int(layout.datatype, width: 2, datatypeCode)
        writer.int(layout.bitpix, width: 2, bitpix)
        writer.int(layout.sliceStart, width: layout.sliceIntWidth, sliceStart)
        writer.int(layout.sliceEnd, width: layout.sliceIntWidth, sliceEnd)
        writer.int(layout.sliceCode, width: layout.sliceCodeWidth, sliceCode)
        writer.bytes[layout.dimInfo] = UInt8(truncatingIfNeeded: dimInfo)
        for k in 0..<8 { writer.float(layout.pixdim + k * layout.floatWidth, width: layout.floatWidth, pixdim[k]) }
        if version == .one { writer.float(layout.voxOffset, width: 4, voxOffset) } else {
            writer.int(layout.voxOffset, width: 8, voxOffset.isFinite ? Int(voxOffset) : 0)
        }
        writer.float(layout.sclSlope, width: layout.floatWidth, sclSlope)
        writer.float(layout.sclInter, width: layout.floatWidth, sclInter)
        writer.float(layout.calMax, width: layout.floatWidth, calMax)
        writer.float(layout.calMin, width: layout.floatWidth, calMin)
        writer.float(layout.sliceDuration, width: layout.floatWidth, sliceDuration)
        writer.float(layout.toffset, width: layout.floatWidth, toffset)
        writer.int(layout.xyztUnits, width: layout.xyztUnitsWidth, xyztUnits)
        writer.string(layout.descrip, length: 80, descrip)
        writer.string(layout.auxFile, length: 24, auxFile)
        writer.string(layout.intentName, length: 16, intentName)
        writer.int(layout.qformCode, width: layout.codeWidth, qformCode)
        writer.int(layout.sformCode, width: layout.codeWidth, sformCode)
        for (k, v) in [quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ].enumerated() {
            writer.float(layout.quatern + k * layout.floatWidth, width: layout.floatWidth, v)
        }
        for (k, v) in (srowX + srowY + srowZ).enumerated() {
            writer.float(layout.srow + k * layout.floatWidth, width: layout.floatWidth, v)
        }
        return writer.bytes
    }
}
