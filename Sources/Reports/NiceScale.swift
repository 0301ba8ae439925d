import Foundation

/// Axis ticks at "nice" round numbers (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
public struct NiceScale: Sendable, Equatable {
    /// Lower end of the axis (a multiple of `step`, ≤ the data minimum).
    public let lower: Double
    /// Upper end of the axis (a multiple of `step`, ≥ the data maximum).
    public let upper: Double
    /// Distance between ticks: 1, 2 or 5 × 10ᵏ.
    public let step: Double

    /// A scale covering `[minimum, maximum]` with about `targetTicks` ticks.
    /// Degenerate or non-finite ranges are widened to a unit interval around the value (or [0, 1]).
    public init(minimum: Double, maximum: Double, targetTicks: Int = 5) {
        var lo = minimum, hi = maximum
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi == lo { lo -= max(abs(lo) * 0.1, 0.5); hi += max(abs(hi) * 0.1, 0.5) }
        let range = NiceScale.niceNumber(hi - lo, round: false)
        let step = NiceScale.niceNumber(range / Double(max(targetTicks - 1, 1)), round: true)
        self.step = step
        self.lower = (lo / step).rounded(.down) * step
        self.upper = (hi / step).rounded(.up) * step
    }

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded()) + 1
        return (0..<n).map { lower + Double($0) * step }
    }

    /// A tick label with just enough decimals for this step.
    public func label(_ value: Double) -> String {
        let decimals = max(0, -Int((log10(step)).rounded(.down)))
        if abs(value) < step * 1e-9 { return "0" }
        if abs(value) >= 1e5 || (abs(value) < 1e-3) { return String(format: "%.1e", value) }
        return String(format: "%.\(decimals)f", value)
    }

    /// Heckbert's nice number: 1, 2, 5 or 10 × 10ᵏ near `x`.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = (log10(x)).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}
