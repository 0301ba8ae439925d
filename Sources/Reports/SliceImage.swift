/// A 2-D image slice for reports: a scalar overlay (e.g. P(FLAIR-visible) or mean c) blended over an
/// anatomy background, with the outline of an observed segmentation drawn on top.
///
/// Slices are given as row-major arrays `width × height` with row 0 at the top of the picture; the
/// caller decides the orientation (radiological or neurological) and says so in the caption.
public struct SliceImage: Sendable {
    /// Slice width and height in voxels.
    public let width: Int, height: Int
    /// Background intensities (e.g. WM + GM probability), scaled by ``backgroundRange``.
    public var background: [Double]
    /// Overlay values mapped through ``colormap`` over ``overlayRange``; values below
    /// ``overlayThreshold`` are transparent.
    public var overlay: [Double]?
    /// Outline mask: voxels with `true` whose 4-neighbourhood leaves the mask are drawn in ``outlineColour``.
    public var outline: [Bool]?
    /// Value range mapped to black…white for the background.
    public var backgroundRange: ClosedRange<Double> = 0...1
    /// Value range of the overlay colour map.
    public var overlayRange: ClosedRange<Double> = 0...1
    /// Overlay values at or below this are not drawn.
    public var overlayThreshold: Double = 0.01
    /// Opacity of the overlay, 0–1.
    public var overlayOpacity: Double = 0.75
    /// Colour map of the overlay.
    public var colormap: Colormap = .viridis
    /// Outline colour (RGB).
    public var outlineColour: SIMD3<UInt8> = [255, 40, 40]

    /// Creates a slice with a background only.
    public init(width: Int, height: Int, background: [Double]) {
        precondition(width > 0 && height > 0 && background.count == width * height,
                     "slice \(width)×\(height) needs \(width * height) background values, got \(background.count)")
        self.width = width
        self.height = height
        self.background = background
    }

    /// Renders to an RGB raster, each voxel drawn as a `scale × scale` block.
    public func raster(scale: Int = 2) -> RasterImage {
        precondition(scale >= 1, "scale must be at least 1")
        if let overlay { precondition(overlay.count == width * height, "overlay size does not match the slice") }
        if let outline { precondition(outline.count == width * height, "outline size does not match the slice") }
        var pixels = [UInt8](repeating: 0, count: width * scale * height * scale * 3)
        let bgSpan = max(backgroundRange.upperBound - backgroundRange.lowerBound, .ulpOfOne)
        let ovSpan = max(overlayRange.upperBound - overlayRange.lowerBound, .ulpOfOne)
        for row in 0..<height {
            for col in 0..<width {
                let i = row * width + col
                let b = background[i].isFinite ? min(max((background[i] - backgroundRange.lowerBound) / bgSpan, 0), 1) : 0
                var rgb = SIMD3<Double>(repeating: b * 255)
                if let overlay, overlay[i].isFinite, overlay[i] > overlayThreshold {
                    let c = colormap.colour((overlay[i] - overlayRange.lowerBound) / ovSpan)
                    rgb = rgb * (1 - overlayOpacity) + SIMD3<Double>(Double(c.x), Double(c.y), Double(c.z)) * overlayOpacity
                }
                if let outline, outline[i], isEdge(outline, row: row, col: col) {
                    rgb = SIMD3<Double>(Double(outlineColour.x), Double(outlineColour.y), Double(outlineColour.z))
                }
                let px = SIMD3<UInt8>(UInt8(rgb.x.rounded()), UInt8(rgb.y.rounded()), UInt8(rgb.z.rounded()))
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        let p = ((row * scale + dy) * width * scale + col * scale + dx) * 3
                        pixels[p] = px.x; pixels[p + 1] = px.y; pixels[p + 2] = px.z
                    }
                }
            }
        }
        return RasterImage(width: width * scale, height: height * scale, channels: 3, pixels: pixels)
    }

    private func isEdge(_ mask: [Bool], row: Int, col: Int) -> Bool {
        if row == 0 || col == 0 || row == height - 1 || col == width - 1 { return true }
        return !mask[(row - 1) * width + col] || !mask[(row + 1) * width + col]
            || !mask[row * width + col - 1] || !mask[row * width + col + 1]
    }
}
