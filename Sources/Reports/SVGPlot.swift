import Foundation

/// A small, dependency-free 2-D plot rendered to inline SVG (for self-contained HTML reports).
///
/// Add layers (lines, shaded bands, bars, points, reference lines), then call ``render()``.
/// Axis ranges come from the data (plus ``xRange``/``yRange`` overrides) with ``NiceScale`` ticks.
/// Non-finite values are skipped, never drawn.
public struct SVGPlot: Sendable {
    /// One drawable layer.
    public enum Layer: Sendable {
        /// A polyline through (x, y) pairs.
        case line(x: [Double], y: [Double], colour: String, width: Double, dashed: Bool, label: String?)
        /// A shaded band between `lower` and `upper` over `x`.
        case band(x: [Double], lower: [Double], upper: [Double], colour: String, opacity: Double, label: String?)
        /// Histogram bars: `edges.count == heights.count + 1`.
        case bars(edges: [Double], heights: [Double], colour: String, opacity: Double, label: String?)
        /// Markers at (x, y).
        case points(x: [Double], y: [Double], colour: String, radius: Double, label: String?)
        /// A vertical reference line at `x`.
        case verticalLine(x: Double, colour: String, dashed: Bool, label: String?)
    }

    /// Width and height of the whole figure, in CSS pixels.
    public var width: Double, height: Double
    /// Title drawn above the plot area (may be empty).
    public var title: String
    /// Axis labels (include units, e.g. "D_w (mm²/day)").
    public var xLabel: String, yLabel: String
    /// Optional fixed axis ranges.
    public var xRange: ClosedRange<Double>?, yRange: ClosedRange<Double>?
    /// Whether the y axis starts at zero when the data are all non-negative (histograms, volumes).
    public var yIncludesZero: Bool
    /// The layers, drawn in order.
    public var layers: [Layer] = []

    /// Creates an empty plot.
    public init(width: Double = 420, height: Double = 260, title: String = "", xLabel: String = "",
                yLabel: String = "", yIncludesZero: Bool = false) {
        self.width = width
        self.height = height
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yIncludesZero = yIncludesZero
    }

    private var margin: (left: Double, right: Double, top: Double, bottom: Double) {
        (56, 12, title.isEmpty ? 12 : 28, 44)
    }

    private func dataExtent() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        for layer in layers {
            switch layer {
            case let .line(x, y, _, _, _, _), let .points(x, y, _, _, _):
                xs += x; ys += y
            case let .band(x, lo, hi, _, _, _):
                xs += x; ys += lo; ys += hi
            case let .bars(edges, heights, _, _, _):
                xs += edges; ys += heights; ys.append(0)
            case let .verticalLine(x, _, _, _):
                xs.append(x)
            }
        }
        xs = xs.filter(\.isFinite); ys = ys.filter(\.isFinite)
        var yLo = ys.min() ?? 0, yHi = ys.max() ?? 1
        if yIncludesZero && yLo >= 0 { yLo = 0 }
        if yHi == yLo { yHi = yLo + 1 }
        return ((xs.min() ?? 0)...(xs.max() ?? 1), yLo...yHi)
    }

    /// The figure as an `<svg>` element string (UTF-8, well-formed XML).
    public func render() -> String {
        let extent = dataExtent()
        let xr = xRange ?? extent.x, yr = yRange ?? extent.y
        let xScale = NiceScale(minimum: xr.lowerBound, maximum: xr.upperBound)
        let yScale = NiceScale(minimum: yr.lowerBound, maximum: yr.upperBound)
        let x0 = xRange?.lowerBound ?? xScale.lower, x1 = xRange?.upperBound ?? xScale.upper
        let y0 = yRange?.lowerBound ?? yScale.lower, y1 = yRange?.upperBound ?? yScale.upper
        let m = margin
        let plotW = width - m.left - m.right, plotH = height - m.top - m.bottom
        func px(_ x: Double) -> Double { m.left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { m.top + (1 - (y - y0) / (y1 - y0)) * plotH }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        s += "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">"
        if !title.isEmpty {
            s += "<text x=\"\(f(width / 2))\" y=\"17\" text-anchor=\"middle\" font-weight=\"bold\">\(escapeXML(title))</text>"
        }
        s += "<rect x=\"\(f(m.left))\" y=\"\(f(m.top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"#fff\" stroke=\"#999\"/>"
        for t in xScale.ticks where t >= x0 - 1e-12 && t <= x1 + 1e-12 {
            s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(m.top + plotH))\" x2=\"\(f(px(t)))\" y2=\"\(f(m.top + plotH + 4))\" stroke=\"#666\"/>"
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(m.top + plotH + 16))\" text-anchor=\"middle\">\(escapeXML(xScale.label(t)))</text>"
        }
        for t in yScale.ticks where t >= y0 - 1e-12 && t <= y1 + 1e-12 {
            s += "<line x1=\"\(f(m.left - 4))\" y1=\"\(f(py(t)))\" x2=\"\(f(m.left))\" y2=\"\(f(py(t)))\" stroke=\"#666\"/>"
            s += "<line x1=\"\(f(m.left))\" y1=\"\(f(py(t)))\" x2=\"\(f(m.left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(f(m.left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(escapeXML(yScale.label(t)))</text>"
        }
        if !xLabel.isEmpty {
            s += "<text x=\"\(f(m.left + plotW / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(escapeXML(xLabel))</text>"
        }
        if !yLabel.isEmpty {
            s += "<text transform=\"translate(14,\(f(m.top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escapeXML(yLabel))</text>"
        }
        s += "<g clip-path=\"inset(0)\">"
        var legend: [(String, String)] = []
        for layer in layers {
            switch layer {
            case let .line(x, y, colour, lineWidth, dashed, label):
                let pts = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { "\(f(px($0.0))),\(f(py($0.1)))" }
                if pts.count > 1 {
                    s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(f(lineWidth))\"\(dashed ? " stroke-dasharray=\"4 3\"" : "") points=\"\(pts.joined(separator: " "))\"/>"
                }
                if let label { legend.append((label, colour)) }
            case let .band(x, lo, hi, colour, opacity, label):
                let valid = x.indices.filter { x[$0].isFinite && lo[$0].isFinite && hi[$0].isFinite }
                if valid.count > 1 {
                    let upper = valid.map { "\(f(px(x[$0]))),\(f(py(hi[$0])))" }
                    let lower = valid.reversed().map { "\(f(px(x[$0]))),\(f(py(lo[$0])))" }
                    s += "<polygon fill=\"\(colour)\" fill-opacity=\"\(f(opacity))\" stroke=\"none\" points=\"\((upper + lower).joined(separator: " "))\"/>"
                }
                if let label { legend.append((label, colour)) }
            case let .bars(edges, heights, colour, opacity, label):
                for i in heights.indices where heights[i].isFinite && edges[i].isFinite && edges[i + 1].isFinite {
                    let top = py(heights[i]), base = py(max(y0, 0))
                    s += "<rect x=\"\(f(px(edges[i])))\" y=\"\(f(min(top, base)))\" width=\"\(f(max(0, px(edges[i + 1]) - px(edges[i]))))\" height=\"\(f(abs(base - top)))\" fill=\"\(colour)\" fill-opacity=\"\(f(opacity))\"/>"
                }
                if let label { legend.append((label, colour)) }
            case let .points(x, y, colour, radius, label):
                for (a, b) in zip(x, y) where a.isFinite && b.isFinite {
                    s += "<circle cx=\"\(f(px(a)))\" cy=\"\(f(py(b)))\" r=\"\(f(radius))\" fill=\"\(colour)\"/>"
                }
                if let label { legend.append((label, colour)) }
            case let .verticalLine(x, colour, dashed, label):
                if x.isFinite {
                    s += "<line x1=\"\(f(px(x)))\" y1=\"\(f(m.top))\" x2=\"\(f(px(x)))\" y2=\"\(f(m.top + plotH))\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>"
                }
                if let label { legend.append((label, colour)) }
            }
        }
        s += "</g>"
        for (i, entry) in legend.enumerated() {
            let y = m.top + 12 + Double(i) * 14
            s += "<rect x=\"\(f(m.left + plotW - 118))\" y=\"\(f(y - 8))\" width=\"10\" height=\"10\" fill=\"\(entry.1)\"/>"
            s += "<text x=\"\(f(m.left + plotW - 104))\" y=\"\(f(y + 1))\">\(escapeXML(entry.0))</text>"
        }
        s += "</svg>"
        return s
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for XML/HTML text and attribute values.
public func escapeXML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
