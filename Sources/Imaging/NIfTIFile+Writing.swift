import Foundation

extension NIfTIFile {
    /// Writes a volume as a NIfTI-1 single file (gzip-compressed when the name ends in `.gz`), atomically.
    ///
    /// The header carries `sform_code = qform_code = formCode` (default 1, scanner), the volume's affine
    /// as the sform, the nearest quaternion form as the qform, `pixdim[1…3]` = the grid spacing,
    /// `xyzt_units` = mm, no scaling (`scl_slope = 1`, `scl_inter = 0`), `vox_offset = 352`, and
    /// `description` in `descrip` (up to 79 bytes). Voxels are written in the machine's byte order.
    ///
    /// - Throws: ``NIfTIError`` with kind `valueDoesNotFit` when a value cannot be stored in `datatype`
    ///   (integers: not whole or out of range; float32: finite but beyond ±3.4e38), or `writeFailed`.
    public static func write(_ volume: Volume<Double>, to url: URL, datatype: NIfTIDatatype = .float32,
                             description: String = "", formCode: Int = 1, compressionLevel: Int = 6) throws {
        try writeValues(volume, to: url, datatype: datatype, description: description,
                        formCode: formCode, compressionLevel: compressionLevel)
    }

    /// Writes a `Float` volume; see ``write(_:to:datatype:description:formCode:compressionLevel:)-(Volume<Double>,_,_,_,_,_)``.
    public static func write(_ volume: Volume<Float>, to url: URL, datatype: NIfTIDatatype = .float32,
                             description: String = "", formCode: Int = 1, compressionLevel: Int = 6) throws {
        try writeValues(volume, to: url, datatype: datatype, description: description,
                        formCode: formCode, compressionLevel: compressionLevel)
    }

    /// Writes a mask as uint8 0/1 (NIfTI-1, gzip when the name ends in `.gz`), atomically; header as above.
    public static func write(_ mask: Volume<Bool>, to url: URL, description: String = "",
                             formCode: Int = 1, compressionLevel: Int = 6) throws {
        let values = Volume<Float>(grid: mask.grid, values: mask.values.map { $0 ? 1 : 0 })
        try writeValues(values, to: url, datatype: .uint8, description: description,
                        formCode: formCode, compressionLevel: compressionLevel)
    }

    /// The NIfTI-1 header ``write(_:to:datatype:description:formCode:compressionLevel:)-(Volume<Double>,_,_,_,_,_)`` writes for a grid.
    public static func header(for grid: Grid, datatype: NIfTIDatatype, description: String = "", formCode: Int = 1) -> NIfTIHeader {
        precondition((0...5).contains(formCode), "NIfTI form codes are 0…5, got \(formCode)")
        var header = NIfTIHeader()
        header.version = .one
        header.byteOrder = .native
        header.isPair = false
        header.dim = [3, grid.shape.x, grid.shape.y, grid.shape.z, 1, 1, 1, 1]
        header.datatypeCode = datatype.rawValue
        header.bitpix = datatype.bitpix
        let quaternion = NIfTIQuaternion(affine: grid.affine)
        header.pixdim = [quaternion.qfac, grid.spacingMillimeters.x, grid.spacingMillimeters.y, grid.spacingMillimeters.z, 0, 0, 0, 0]
        header.voxOffset = 352
        header.sclSlope = 1
        header.sclInter = 0
        header.xyztUnits = 2  // mm
        header.descrip = description
        header.qformCode = formCode
        header.sformCode = formCode
        header.quaternB = quaternion.b
        header.quaternC = quaternion.c
        header.quaternD = quaternion.d
        header.qoffsetX = quaternion.offset.x
        header.qoffsetY = quaternion.offset.y
        header.qoffsetZ = quaternion.offset.z
        let rows = grid.affine.rows
        header.srowX = Array(rows[0..<4])
        header.srowY = Array(rows[4..<8])
        header.srowZ = Array(rows[8..<12])
        return header
    }

    static func writeValues<T: BinaryFloatingPoint & Sendable>(_ volume: Volume<T>, to url: URL, datatype: NIfTIDatatype,
                                                               description: String, formCode: Int, compressionLevel: Int) throws {
        if let bad = volume.values.withUnsafeBufferPointer({ VoxelCodec.firstUnrepresentable($0, datatype: datatype) }) {
            throw NIfTIError(url, .valueDoesNotFit(value: Double(volume.values[bad]), voxelIndex: bad, datatype: datatype))
        }
        guard volume.grid.affine.isFinite else {
            throw NIfTIError(url, .writeFailed(reason: "the volume's affine contains NaN or infinity"))
        }
        let header = header(for: volume.grid, datatype: datatype, description: description, formCode: formCode)
        let headerBytes = header.encoded() + [0, 0, 0, 0]  // 4-byte extension flag: no extensions
        let dataBytes = volume.values.count * datatype.bytesPerVoxel
        var file = [UInt8](repeating: 0, count: headerBytes.count + dataBytes)
        file.replaceSubrange(0..<headerBytes.count, with: headerBytes)
        volume.values.withUnsafeBufferPointer { values in
            file.withUnsafeMutableBytes { raw in
                VoxelCodec.encode(values, datatype: datatype,
                                  into: UnsafeMutableRawBufferPointer(rebasing: raw[headerBytes.count...]))
            }
        }
        let data: Data
        if url.lastPathComponent.lowercased().hasSuffix(".gz") {
            data = try file.withUnsafeBytes { try GzipDeflater.compress($0, level: Int32(compressionLevel), path: url.path) }
        } else {
            data = Data(file)
        }
        try AtomicFile.write(data, to: url)
    }
}
