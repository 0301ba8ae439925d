import Foundation

/// A histogram normalised to a probability density (bar areas sum to 1).
public struct Histogram: Sendable, Equatable {
    /// Bin edges, ascending; `edges.count == densities.count + 1`.
    public let edges: [Double]
    /// Density in each bin: count / (total × bin width).
    public let densities: [Double]

    /// Bins the finite values of `values` into `bins` equal-width bins (default: the Freedman–Diaconis
    /// rule, clamped to 10…60 bins). Returns nil when there are no finite values.
    public init?(_ values: [Double], bins: Int? = nil) {
        let v = values.filter(\.isFinite).sorted()
        guard let lo = v.first, let hi = v.last else { return nil }
        var n = bins ?? 20
        if bins == nil, hi > lo {
            let iqr = quantileSorted(v, 0.75) - quantileSorted(v, 0.25)
            let width = 2 * iqr / cbrt(Double(v.count))
            n = width > 0 ? min(max(Int(((hi - lo) / width).rounded(.up)), 10), 60) : 20
        }
        let span = hi > lo ? hi - lo : max(abs(lo) * 0.1, 0.5)
        let start = hi > lo ? lo : lo - span / 2
        let width = span / Double(n)
        var counts = [Double](repeating: 0, count: n)
        for x in v { counts[min(Int((x - start) / width), n - 1)] += 1 }
        edges = (0...n).map { start + Double($0) * width }
        densities = counts.map { $0 / (Double(v.count) * width) }
    }
}

/// Linear-interpolation quantile of sorted data (numpy's default, "type 7").
public func quantileSorted(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "quantile of an empty array")
    let h = Double(sorted.count - 1) * p
    let i = Int(h.rounded(.down))
    let j = min(i + 1, sorted.count - 1)
    return sorted[i] + (h - Double(i)) * (sorted[j] - sorted[i])
}
