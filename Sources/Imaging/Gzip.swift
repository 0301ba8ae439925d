import CZlib
import Foundation

/// Streaming gzip decompression of an in-memory buffer with zlib (`inflateInit2` with windowBits 15+16),
/// including multi-member streams (concatenated gzip members, as written by some tools).
///
/// Reading stops when the caller has what it needs; ``finish(maxExtraBytes:)`` then drains the rest
/// of the stream so that a CRC error at the end is still reported.
final class GzipInflater {
    private let input: Data
    private var inputOffset = 0
    private let stream: UnsafeMutablePointer<z_stream>
    private(set) var isAtEnd = false
    private let path: String

    init(_ input: Data, path: String) throws {
        self.input = input
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw NIfTIError(path: path, kind: .corruptGzip(reason: "zlib could not start (status \(status))"))
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Fills `buffer` with decompressed bytes; returns how many were written (fewer only at the end
    /// of the stream). Throws on corrupt or truncated compressed data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var produced = 0
        while produced < buffer.count && !isAtEnd {
            let before = (inputOffset, produced)
            let status: Int32 = input.withUnsafeBytes { raw -> Int32 in
                let inputBase = raw.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
                let availableIn = min(raw.count - inputOffset, Int(UInt32.max))
                let availableOut = min(buffer.count - produced, Int(UInt32.max))
                stream.pointee.next_in = inputBase.map { $0 + inputOffset }
                stream.pointee.avail_in = UInt32(availableIn)
                stream.pointee.next_out = (base + produced).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(availableOut)
                let status = inflate(stream, Z_NO_FLUSH)
                inputOffset += availableIn - Int(stream.pointee.avail_in)
                produced += availableOut - Int(stream.pointee.avail_out)
                stream.pointee.next_in = nil
                return status
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Multi-member gzip: another member follows if the next bytes are the gzip magic.
                let rest = input.count - inputOffset
                if rest >= 2 && input[input.startIndex + inputOffset] == 0x1F && input[input.startIndex + inputOffset + 1] == 0x8B {
                    inflateReset(stream)
                } else {
                    isAtEnd = true  // trailing zero padding or garbage after the last member is ignored, as gzip -d does with padding
                }
            case Z_BUF_ERROR:
                if inputOffset >= input.count || before == (inputOffset, produced) {
                    throw NIfTIError(path: path, kind: .corruptGzip(reason: "compressed data ends unexpectedly (truncated .gz)"))
                }
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw NIfTIError(path: path, kind: .corruptGzip(reason: message))
            }
        }
        return produced
    }

    /// Decompresses and discards up to `maxExtraBytes` more, so that a corrupt tail or a bad CRC is noticed.
    func finish(maxExtraBytes: Int = 1 << 20) throws {
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while !isAtEnd && total < maxExtraBytes {
            let n = try scratch.withUnsafeMutableBytes { try read(into: $0) }
            total += n
            if n == 0 { break }
        }
    }
}

/// gzip compression of a byte buffer (zlib `deflateInit2` with windowBits 15+16).
enum GzipDeflater {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32, path: String) throws -> Data {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw NIfTIError(path: path, kind: .writeFailed(reason: "zlib deflateInit2 failed (status \(status))"))
        }
        defer { deflateEnd(stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        var finished = false
        while !finished {
            let availableIn = min(input.count - offset, 1 << 30)
            let flush = offset + availableIn >= input.count ? Z_FINISH : Z_NO_FLUSH
            stream.pointee.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) + offset }
            stream.pointee.avail_in = UInt32(availableIn)
            repeat {
                let (result, produced): (Int32, Int) = chunk.withUnsafeMutableBytes { out in
                    stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = UInt32(out.count)
                    let result = deflate(stream, flush)
                    return (result, out.count - Int(stream.pointee.avail_out))
                }
                guard result != Z_STREAM_ERROR else {
                    throw NIfTIError(path: path, kind: .writeFailed(reason: "zlib deflate failed"))
                }
                output.append(contentsOf: chunk[0..<produced])
                if result == Z_STREAM_END { finished = true }
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && !finished)
            offset += availableIn - Int(stream.pointee.avail_in)
        }
        return output
    }
}
