/// Colour maps for image slices: piecewise-linear interpolation between anchor colours.
public struct Colormap: Sendable {
    /// Anchor colours (RGB, 0–255), evenly spaced over [0, 1].
    public let anchors: [SIMD3<Double>]

    /// Creates a colour map from at least two evenly spaced anchors.
    public init(anchors: [SIMD3<Double>]) {
        precondition(anchors.count >= 2, "a colour map needs at least two anchors")
        self.anchors = anchors
    }

    /// Matplotlib's "viridis" (van der Walt & Smith 2015), sampled at 0, 1/8, …, 1.
    /// Perceptually uniform and readable in greyscale and by colour-blind readers.
    public static let viridis = Colormap(anchors: [
        [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
        [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
    ])

    /// Linear grey ramp from black to white.
    public static let grey = Colormap(anchors: [[0, 0, 0], [255, 255, 255]])

    /// The colour of `t`, clamped to [0, 1]; NaN maps to the lowest colour.
    public func colour(_ t: Double) -> SIMD3<UInt8> {
        let u = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = u * Double(anchors.count - 1)
        let i = min(Int(position), anchors.count - 2)
        let w = position - Double(i)
        let c = anchors[i] * (1 - w) + anchors[i + 1] * w
        return SIMD3(UInt8(c.x.rounded()), UInt8(c.y.rounded()), UInt8(c.z.rounded()))
    }
}
