import CZlib
import Foundation

/// An 8-bit raster image for PNG export: `width × height` pixels, row-major from the top-left,
/// `channels` bytes per pixel (1 grey, 3 RGB, 4 RGBA).
public struct RasterImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Bytes per pixel: 1 (grey), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// Pixel bytes, row-major, `width * height * channels` of them.
    public var pixels: [UInt8]

    /// Creates an image; `pixels.count` must equal `width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "image size must be positive, got \(width)×\(height)")
        precondition([1, 3, 4].contains(channels), "channels must be 1, 3 or 4, got \(channels)")
        precondition(pixels.count == width * height * channels,
                     "image \(width)×\(height)×\(channels) needs \(width * height * channels) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}

/// Encodes ``RasterImage`` values as PNG (ISO/IEC 15948, W3C PNG 2nd edition) on top of zlib.
///
/// Layout: the 8-byte signature, `IHDR` (bit depth 8, colour type 0/2/6, no interlace), one `IDAT`
/// holding the zlib stream of the scanlines (each prefixed by filter type 1, "Sub", which compresses
/// smooth images well), and `IEND`. Chunk CRCs are zlib's CRC-32 over type + data.
public enum PNGEncoder {
    /// The PNG file bytes of `image`.
    public static func encode(_ image: RasterImage) -> Data {
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        let colourType: UInt8 = image.channels == 1 ? 0 : (image.channels == 3 ? 2 : 6)
        header.append(contentsOf: [8, colourType, 0, 0, 0])
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", compress(filteredScanlines(image)), to: &out)
        appendChunk("IEND", Data(), to: &out)
        return out
    }

    /// A `data:image/png;base64,…` URI, for inline `<img>` elements in self-contained HTML.
    public static func dataURI(_ image: RasterImage) -> String {
        "data:image/png;base64," + encode(image).base64EncodedString()
    }

    /// Scanlines with the "Sub" filter: each byte minus the same channel of the pixel to its left.
    static func filteredScanlines(_ image: RasterImage) -> [UInt8] {
        let stride = image.width * image.channels
        var raw = [UInt8](repeating: 0, count: image.height * (stride + 1))
        for row in 0..<image.height {
            let src = row * stride
            let dst = row * (stride + 1)
            raw[dst] = 1
            for i in 0..<stride {
                let left: UInt8 = i >= image.channels ? image.pixels[src + i - image.channels] : 0
                raw[dst + 1 + i] = image.pixels[src + i] &- left
            }
        }
        return raw
    }

    static func compress(_ bytes: [UInt8]) -> Data {
        var destinationLength = compressBound(uLong(bytes.count))
        var destination = [UInt8](repeating: 0, count: Int(destinationLength))
        let status = bytes.withUnsafeBufferPointer { src in
            destination.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress, &destinationLength, src.baseAddress, uLong(bytes.count), 6)
            }
        }
        // compress2 fails only for lack of memory or a too-small buffer; compressBound rules out the latter.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Data(destination.prefix(Int(destinationLength)))
    }

    static func appendChunk(_ type: String, _ data: Data, to out: inout Data) {
        out.appendBigEndian(UInt32(data.count))
        var body = Data(type.utf8)
        body.append(data)
        out.append(body)
        let crc = body.withUnsafeBytes { raw in
            crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(body.count))
        }
        out.appendBigEndian(UInt32(crc))
    }
}

extension Data {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
