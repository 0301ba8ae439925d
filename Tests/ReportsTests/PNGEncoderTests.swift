import CZlib
import Foundation
import Testing
@testable import Reports

/// Inflates a zlib stream (test-side decoder, independent of the encoder's filter logic).
private func inflateAll(_ data: Data, expected: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: expected)
    var length = uLongf(expected)
    let bytes = [UInt8](data)
    let status = out.withUnsafeMutableBufferPointer { dst in
        bytes.withUnsafeBufferPointer { src in uncompress(dst.baseAddress, &length, src.baseAddress, uLong(bytes.count)) }
    }
    #expect(status == Z_OK)
    #expect(Int(length) == expected)
    return out
}

private func readUInt32(_ d: [UInt8], _ at: Int) -> UInt32 {
    (UInt32(d[at]) << 24) | (UInt32(d[at + 1]) << 16) | (UInt32(d[at + 2]) << 8) | UInt32(d[at + 3])
}

@Test func pngHasSignatureHeaderAndEndChunk() {
    let img = RasterImage(width: 3, height: 2, channels: 3, pixels: Array(0..<18).map { UInt8($0 * 10) })
    let png = [UInt8](PNGEncoder.encode(img))
    #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    #expect(readUInt32(png, 8) == 13)
    #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
    #expect(readUInt32(png, 16) == 3 && readUInt32(png, 20) == 2)
    #expect(png[24] == 8 && png[25] == 2)
    // The CRC of "IEND" with no data is the constant AE 42 60 82 (PNG specification, §5.6 example).
    #expect(Array(png.suffix(4)) == [0xAE, 0x42, 0x60, 0x82])
}

@Test func pngScanlinesDecodeToThePixels() {
    // Undo the Sub filter by hand and compare with the source pixels.
    let pixels: [UInt8] = [255, 0, 7, 200, 13, 13, 0, 255]
    let img = RasterImage(width: 4, height: 2, channels: 1, pixels: pixels)
    let png = [UInt8](PNGEncoder.encode(img))
    let idatLength = Int(readUInt32(png, 33))
    #expect(String(decoding: png[37..<41], as: UTF8.self) == "IDAT")
    let raw = inflateAll(Data(png[41..<(41 + idatLength)]), expected: 2 * 5)
    var decoded: [UInt8] = []
    for row in 0..<2 {
        #expect(raw[row * 5] == 1)
        var left: UInt8 = 0
        for i in 0..<4 { left = raw[row * 5 + 1 + i] &+ left; decoded.append(left) }
    }
    #expect(decoded == pixels)
}

@Test func dataURIIsBase64PNG() {
    let uri = PNGEncoder.dataURI(RasterImage(width: 1, height: 1, channels: 4, pixels: [1, 2, 3, 4]))
    #expect(uri.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
}
