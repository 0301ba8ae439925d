import Foundation

/// A NIfTI image read from disk: the header as stored, its validated meaning, and the voxel values.
public struct NIfTIImage<Scalar: Sendable>: Sendable {
    /// The header fields as stored.
    public var header: NIfTIHeader
    /// Shape, datatype, scaling, spacing and affine derived from the header.
    public var geometry: NIfTIGeometry
    /// The (scaled) voxel values on the image grid.
    public var volume: Volume<Scalar>
    /// Whether the voxel data were gzip-compressed on disk.
    public var isCompressed: Bool = false
}

/// Reading and writing NIfTI-1 / NIfTI-2 files: `.nii`, `.nii.gz`, and `.hdr`/`.img` pairs
/// (also `.hdr.gz`/`.img.gz`). Compression is detected from the gzip magic bytes, not the name.
///
/// ```swift
/// let wm = try NIfTIFile.readVolume(URL(fileURLWithPath: "WM.nii.gz"))
/// try NIfTIFile.write(wm, to: URL(fileURLWithPath: "wm-copy.nii.gz"), datatype: .uint8, description: "WM mask")
/// ```
/// Every problem with the file is a thrown ``NIfTIError`` naming it; nothing in a file can crash the
/// reader or make it allocate more than ``NIfTIReadLimits/maxVoxels`` voxels.
public enum NIfTIFile {
    /// Reads the header only (and validates it).
    public static func readHeader(_ url: URL, limits: NIfTIReadLimits = .default) throws -> (header: NIfTIHeader, geometry: NIfTIGeometry) {
        let files = try Files(url)
        let source = try ByteSource(files.header)
        let header = try readHeaderBytes(source, files: files)
        return (header, try NIfTIGeometry(header: header, path: files.header.path, limits: limits))
    }

    /// Reads an image as `Double` values (scaled by `scl_slope`/`scl_inter` when they apply).
    public static func read(_ url: URL, limits: NIfTIReadLimits = .default) throws -> NIfTIImage<Double> {
        try readImage(url, limits: limits, as: Double.self)
    }

    /// Reads an image as `Float` values (exact for float32 data without scaling).
    public static func readFloat32(_ url: URL, limits: NIfTIReadLimits = .default) throws -> NIfTIImage<Float> {
        try readImage(url, limits: limits, as: Float.self)
    }

    /// Reads the volume as `Double`.
    public static func readVolume(_ url: URL, limits: NIfTIReadLimits = .default) throws -> Volume<Double> {
        try read(url, limits: limits).volume
    }

    /// Reads the volume as `Float`.
    public static func readVolumeFloat32(_ url: URL, limits: NIfTIReadLimits = .default) throws -> Volume<Float> {
        try readFloat32(url, limits: limits).volume
    }

    // MARK: - Implementation

    /// The header file and the file holding the voxels (the same for `.nii`).
    struct Files {
        let header: URL
        let image: URL
        let isPair: Bool

        init(_ url: URL) throws {
            let name = url.lastPathComponent.lowercased()
            func sibling(_ from: String, _ to: [String]) throws -> URL {
                let stem = String(url.lastPathComponent.dropLast(from.count))
                let folder = url.deletingLastPathComponent()
                let candidates = to.map { folder.appendingPathComponent(stem + $0) }
                if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) { return found }
                return candidates[0]
            }
            if name.hasSuffix(".hdr") || name.hasSuffix(".hdr.gz") {
                let ext = name.hasSuffix(".hdr") ? ".hdr" : ".hdr.gz"
                header = url
                image = try sibling(ext, ext == ".hdr" ? [".img", ".img.gz", ".IMG"] : [".img.gz", ".img"])
                isPair = true
                try Self.checkExists(header)
                do { try Self.checkExists(image) } catch let error as NIfTIError where error.kind == .fileNotFound {
                    throw NIfTIError(header, .missingImageFile(expectedPath: image.path))
                }
            } else if name.hasSuffix(".img") || name.hasSuffix(".img.gz") {
                let ext = name.hasSuffix(".img") ? ".img" : ".img.gz"
                image = url
                header = try sibling(ext, ext == ".img" ? [".hdr", ".hdr.gz", ".HDR"] : [".hdr.gz", ".hdr"])
                isPair = true
                try Self.checkExists(image)
                do { try Self.checkExists(header) } catch let error as NIfTIError where error.kind == .fileNotFound {
                    throw NIfTIError(image, .missingHeaderFile(expectedPath: header.path))
                }
            } else {
                header = url
                image = url
                isPair = false
                try Self.checkExists(url)
            }
        }

        static func checkExists(_ url: URL) throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw NIfTIError(url, .fileNotFound)
            }
            if isDirectory.boolValue { throw NIfTIError(url, .isDirectory) }
            // Devices, pipes and sockets have no size to check against and may never end.
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            if let type, type != .typeRegular {
                throw NIfTIError(url, .unreadable(reason: "not a regular file (\(type.rawValue))"))
            }
        }
    }

    /// Sequential bytes from a plain or gzip-compressed file.
    final class ByteSource {
        let url: URL
        private let data: Data
        private var offset = 0
        private let inflater: GzipInflater?
        /// Bytes delivered so far (decompressed bytes for gzip).
        private(set) var position = 0

        init(_ url: URL) throws {
            self.url = url
            do {
                data = try Data(contentsOf: url, options: .alwaysMapped)
            } catch {
                throw NIfTIError(url, .unreadable(reason: error.localizedDescription))
            }
            inflater = GzipInflater.isGzip(data) ? try GzipInflater(data, path: url.path) : nil
        }

        /// Compressed or plain byte count of the file.
        var fileSize: Int { data.count }
        var isCompressed: Bool { inflater != nil }

        /// Fills `buffer`; returns the number of bytes written (fewer only at end of data).
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n: Int
            if let inflater {
                n = try inflater.read(into: buffer)
            } else {
                n = min(buffer.count, data.count - offset)
                if n > 0 {
                    data.withUnsafeBytes { raw in
                        buffer.baseAddress?.copyMemory(from: raw.baseAddress! + offset, byteCount: n)
                    }
                }
                offset += n
            }
            position += n
            return n
        }

        /// Reads up to `count` bytes.
        func read(count: Int) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            let n = try bytes.withUnsafeMutableBytes { try read(into: $0) }
            return Array(bytes[0..<n])
        }

        /// Skips `count` bytes; returns how many could be skipped.
        func skip(_ count: Int) throws -> Int {
            if inflater == nil {
                let n = min(count, data.count - offset)
                offset += n
                position += n
                return n
            }
            var remaining = count
            var scratch = [UInt8](repeating: 0, count: min(count, 1 << 16))
            while remaining > 0 {
                let want = min(remaining, scratch.count)
                let n = try scratch.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
                remaining -= n
                if n < want { break }
            }
            return count - remaining
        }

        /// Drains a gzip stream to its end (bounded) so a bad CRC is reported.
        func finish() throws { try inflater?.finish() }
    }

    static func decodeChunks<T: BinaryFloatingPoint>(from source: ByteSource, geometry: NIfTIGeometry, bigEndian: Bool,
                                                     into out: UnsafeMutableBufferPointer<T>, imageURL: URL) throws {
        let bytesPerVoxel = geometry.datatype.bytesPerVoxel
        let chunkVoxels = max(1, (1 << 20) / bytesPerVoxel)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkVoxels * bytesPerVoxel, alignment: 16)
        defer { chunk.deallocate() }
        let scaling = geometry.scaling.map { SIMD2($0.slope, $0.intercept) }
        let count = out.count
        var done = 0
        while done < count {
            let n = min(chunkVoxels, count - done)
            let want = n * bytesPerVoxel
            let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<want]))
            if got < want {
                throw NIfTIError(imageURL, .truncatedData(bytesAvailable: done * bytesPerVoxel + got,
                                                          bytesNeeded: geometry.dataByteCount))
            }
            VoxelCodec.decode(UnsafeRawBufferPointer(rebasing: chunk[0..<want]), datatype: geometry.datatype,
                              bigEndian: bigEndian, scaling: scaling,
                              into: UnsafeMutableBufferPointer(rebasing: out[done..<(done + n)]))
            done += n
        }
    }

    static func readHeaderBytes(_ source: ByteSource, files: Files) throws -> NIfTIHeader {
        var bytes = try source.read(count: 348)
        if bytes.count >= 4, let (version, _) = NIfTIHeader.detect(Array(bytes[0..<4])), version == .two {
            bytes += try source.read(count: 540 - 348)
        }
        let header = try NIfTIHeader.parse(bytes, path: files.header.path)
        if header.isPair != files.isPair {
            throw NIfTIError(files.header, .wrongMagic(
                found: header.magic,
                expected: files.isPair ? "ni\(header.version.rawValue) (a .hdr/.img pair)" : "n+\(header.version.rawValue) (a single .nii file)"))
        }
        return header
    }

    static func readImage<T: BinaryFloatingPoint & Sendable>(_ url: URL, limits: NIfTIReadLimits, as _: T.Type) throws -> NIfTIImage<T> {
        let files = try Files(url)
        let headerSource = try ByteSource(files.header)
        let header = try readHeaderBytes(headerSource, files: files)
        let geometry = try NIfTIGeometry(header: header, path: files.header.path, limits: limits)
        let source = files.isPair ? try ByteSource(files.image) : headerSource

        // Uncompressed: the file size tells at once whether the data are all there (no allocation first).
        if !source.isCompressed {
            if source.fileSize < geometry.dataOffset {
                throw NIfTIError(files.image, .voxOffsetPastEnd(voxOffset: geometry.dataOffset, bytesAvailable: source.fileSize))
            }
            let available = source.fileSize - geometry.dataOffset
            if available < geometry.dataByteCount {
                throw NIfTIError(files.image, .truncatedData(bytesAvailable: available, bytesNeeded: geometry.dataByteCount))
            }
        }

        // Move to vox_offset.
        let toSkip = geometry.dataOffset - source.position
        let skipped = try source.skip(toSkip)
        if skipped < toSkip {
            throw NIfTIError(files.image, .voxOffsetPastEnd(voxOffset: geometry.dataOffset, bytesAvailable: source.position))
        }

        // Decode in chunks of about 1 MiB: no full-size raw buffer, no per-voxel slicing.
        var values = [T](repeating: 0, count: geometry.voxelCount)
        try values.withUnsafeMutableBufferPointer { out in
            try decodeChunks(from: source, geometry: geometry, bigEndian: header.byteOrder == .bigEndian,
                             into: out, imageURL: files.image)
        }
        try source.finish()
        let volume = Volume(grid: geometry.grid, values: values)
        return NIfTIImage(header: header, geometry: geometry, volume: volume, isCompressed: source.isCompressed)
    }
}
