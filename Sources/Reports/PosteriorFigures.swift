import Foundation

/// Standard posterior figures as inline SVG: trace plots, marginal densities with the prior, and a
/// corner (pair) plot. Draws are given per chain (`chains[c][draw]`) on the natural scale.
public enum PosteriorFigures {
    /// Distinct colours for up to eight chains (then repeating).
    public static let chainColours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                      "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    /// A trace plot: each chain's draws against iteration.
    public static func trace(name: String, unit: String, chains: [[Double]]) -> String {
        var plot = SVGPlot(width: 420, height: 200, title: "trace: \(name)", xLabel: "iteration",
                           yLabel: unit.isEmpty ? name : "\(name) (\(unit))")
        for (c, draws) in chains.enumerated() {
            let step = max(1, draws.count / 600)   // at most ~600 vertices a chain keeps the SVG small
            let idx = Array(stride(from: 0, to: draws.count, by: step))
            plot.layers.append(.line(x: idx.map(Double.init), y: idx.map { draws[$0] },
                                     colour: chainColours[c % chainColours.count], width: 0.8, dashed: false, label: nil))
        }
        return plot.render()
    }

    /// A marginal posterior histogram (density) with the prior density overlaid, and optional true value.
    public static func marginal(name: String, unit: String, chains: [[Double]],
                                priorDensity: (@Sendable (Double) -> Double)? = nil, trueValue: Double? = nil) -> String {
        let pooled = chains.flatMap { $0 }
        var plot = SVGPlot(width: 300, height: 220, title: name, xLabel: unit.isEmpty ? name : "\(name) (\(unit))",
                           yLabel: "density", yIncludesZero: true)
        if let h = Histogram(pooled) {
            plot.layers.append(.bars(edges: h.edges, heights: h.densities, colour: "#6baed6", opacity: 0.8, label: "posterior"))
            if let priorDensity, let lo = h.edges.first, let hi = h.edges.last {
                let xs = (0...80).map { lo + (hi - lo) * Double($0) / 80 }
                plot.layers.append(.line(x: xs, y: xs.map(priorDensity), colour: "#444", width: 1.5, dashed: true, label: "prior"))
            }
        }
        if let trueValue {
            plot.layers.append(.verticalLine(x: trueValue, colour: "#d62728", dashed: false, label: "true"))
        }
        return plot.render()
    }

    /// A corner plot: marginal histograms on the diagonal and pairwise scatter (thinned to at most
    /// `maxPoints` draws) below it. `draws[p]` holds the pooled draws of parameter `p`.
    public static func corner(names: [String], draws: [[Double]], maxPoints: Int = 800, cell: Double = 150) -> String {
        precondition(names.count == draws.count, "one name per parameter")
        let k = names.count
        let size = cell * Double(k)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\">"
        for row in 0..<k {
            for col in 0...row {
                var plot: SVGPlot
                if row == col {
                    plot = SVGPlot(width: cell, height: cell, xLabel: names[col], yIncludesZero: true)
                    if let h = Histogram(draws[col]) {
                        plot.layers.append(.bars(edges: h.edges, heights: h.densities, colour: "#6baed6", opacity: 0.8, label: nil))
                    }
                } else {
                    plot = SVGPlot(width: cell, height: cell, xLabel: names[col], yLabel: names[row])
                    let n = min(draws[col].count, draws[row].count)
                    let step = max(1, n / maxPoints)
                    let idx = Array(stride(from: 0, to: n, by: step))
                    plot.layers.append(.points(x: idx.map { draws[col][$0] }, y: idx.map { draws[row][$0] },
                                               colour: "#08519c", radius: 1, label: nil))
                }
                let inner = plot.render()
                s += inner.replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
                                                with: "<svg x=\"\(Double(col) * cell)\" y=\"\(Double(row) * cell)\" ",
                                                options: .anchored)
            }
        }
        return s + "</svg>"
    }
}
