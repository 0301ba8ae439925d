/// Cubic Lagrange interpolation on equally spaced nodes `0, 1, 2, …` (positions in units of the spacing),
/// shared by the time-rescaled runs.
///
/// The window for position `p ≥ 0` is the four nodes `j0 … j0+3` with `j0 = max(⌊p⌋ − 1, 0)`: centred on
/// the interval holding p, and depending only on p (never on how many nodes exist), so a value read at p
/// does not change when a run is extended. At a node the weights are exactly one 1 and three 0s, so nodes
/// are reproduced bit for bit; between nodes the error is fourth order in the spacing. The interpolant is
/// continuous (both windows meeting at a node pass through it) but its derivative may jump there.
public enum CubicLagrange {
    /// The first node of the window and the weights of nodes `first … first+3`.
    @inlinable
    public static func window(at p: Double) -> (first: Int, weights: SIMD4<Double>) {
        precondition(p >= 0 && p.isFinite, "interpolation position must be finite and ≥ 0, got \(p)")
        let first = max(Int(p.rounded(.down)) - 1, 0)
        let t = p - Double(first)   // in [0, 3) except at the start where it is in [0, 2)
        // ℓ_a(t) = Π_{b≠a} (t − b)/(a − b) on nodes 0, 1, 2, 3.
        let w0 = (t - 1) * (t - 2) * (t - 3) / -6
        let w1 = t * (t - 2) * (t - 3) / 2
        let w2 = t * (t - 1) * (t - 3) / -2
        let w3 = t * (t - 1) * (t - 2) / 6
        return (first, SIMD4(w0, w1, w2, w3))
    }

    /// The number of nodes a read at position `p` needs (the last window node plus one).
    @inlinable
    public static func nodesNeeded(at p: Double) -> Int { window(at: p).first + 4 }
}
