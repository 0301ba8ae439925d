import Testing
@testable import Reports

@Test func viridisEndpointsAndMidpoint() {
    #expect(Colormap.viridis.colour(0) == SIMD3(68, 1, 84))
    #expect(Colormap.viridis.colour(1) == SIMD3(253, 231, 37))
    #expect(Colormap.viridis.colour(0.5) == SIMD3(33, 144, 141))
    #expect(Colormap.viridis.colour(.nan) == SIMD3(68, 1, 84))
    #expect(Colormap.grey.colour(0.5) == SIMD3(128, 128, 128))
}

@Test func sliceBlendsOverlayAndDrawsOutlineEdgesOnly() {
    // 3×3 slice: grey background 0.5, overlay 1.0 only at the centre, outline = full 3×3 block.
    var slice = SliceImage(width: 3, height: 3, background: Array(repeating: 0.5, count: 9))
    var overlay = Array(repeating: 0.0, count: 9); overlay[4] = 1
    slice.overlay = overlay
    slice.overlayOpacity = 1
    slice.outline = Array(repeating: true, count: 9)
    let img = slice.raster(scale: 2)
    #expect(img.width == 6 && img.height == 6 && img.channels == 3)
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(img.pixels[(y * 6 + x) * 3..<(y * 6 + x) * 3 + 3]) }
    #expect(pixel(0, 0) == [255, 40, 40])          // border voxel → outline colour
    #expect(pixel(2, 2) == [253, 231, 37])         // centre voxel, interior of the mask → overlay colour
    #expect(pixel(3, 3) == [253, 231, 37])         // same voxel, second pixel of the 2×2 block
}
