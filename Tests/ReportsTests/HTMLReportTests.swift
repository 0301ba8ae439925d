import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

@Test func histogramIsANormalisedDensity() throws {
    let values = (0..<1000).map { Double($0) / 999 }      // uniform on [0, 1]
    let h = try #require(Histogram(values, bins: 10))
    let area = zip(h.densities, zip(h.edges, h.edges.dropFirst())).reduce(0.0) { $0 + $1.0 * ($1.1.1 - $1.1.0) }
    #expect(abs(area - 1) < 1e-12)
    #expect(h.densities.allSatisfy { abs($0 - 1) < 0.02 })   // ≈ 1 everywhere for a uniform sample
    #expect(Histogram([.nan]) == nil)
    #expect(Histogram([2, 2, 2]) != nil)
}

@Test func quantileMatchesNumpyLinearInterpolation() {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.9]) = [1.75, 2.5, 3.7]
    #expect(abs(quantileSorted([1, 2, 3, 4], 0.25) - 1.75) < 1e-15)
    #expect(abs(quantileSorted([1, 2, 3, 4], 0.5) - 2.5) < 1e-15)
    #expect(abs(quantileSorted([1, 2, 3, 4], 0.9) - 3.7) < 1e-12)
}

@Test func reportIsSelfContainedAndFiguresAreWellFormed() {
    let chains = [(0..<200).map { sin(Double($0)) }, (0..<200).map { cos(Double($0)) }]
    let trace = PosteriorFigures.trace(name: "ρ", unit: "1/day", chains: chains)
    let marginal = PosteriorFigures.marginal(name: "ρ", unit: "1/day", chains: chains,
                                             priorDensity: { _ in 0.5 }, trueValue: 0.1)
    let corner = PosteriorFigures.corner(names: ["a", "b"], draws: chains)
    for svg in [trace, marginal, corner] { #expect(XMLParser(data: Data(svg.utf8)).parse()) }

    var report = HTMLReport(title: "Run <1>")
    report.blocks = [.heading("Diagnostics"), .warning("R-hat ≥ 1.01 for ρ"),
                     .table(header: ["parameter", "mean"], rows: [["ρ", "0.1"]], caption: "summary"),
                     .figures([trace, marginal], caption: "traces"),
                     .image(RasterImage(width: 1, height: 1, channels: 3, pixels: [0, 0, 0]), alt: "slice", caption: nil),
                     .preformatted("gliobayes infer spec.json")]
    let html = report.render()
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<title>Run &lt;1&gt;</title>"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
    #expect(html.contains("data:image/png;base64,"))
}
