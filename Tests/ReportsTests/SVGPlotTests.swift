import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

private func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
}

@Test func niceScaleTicksAreRoundNumbers() {
    let a = NiceScale(minimum: 0, maximum: 1)
    #expect(a.step == 0.2 || a.step == 0.25)
    #expect(a.lower == 0 && a.upper == 1)
    let b = NiceScale(minimum: 3.2, maximum: 97.1)
    #expect(b.step == 20)
    #expect(b.ticks == [0, 20, 40, 60, 80, 100])
    let c = NiceScale(minimum: 5, maximum: 5)
    #expect(c.lower <= 5 && c.upper >= 5 && c.upper > c.lower)
    let d = NiceScale(minimum: .nan, maximum: 1)
    #expect(d.lower == 0 && d.upper == 1)
}

@Test func plotRendersWellFormedSVGWithEveryLayerAndEscapedText() {
    var plot = SVGPlot(title: "Volume <T1Gd> & FLAIR", xLabel: "day", yLabel: "volume (mm³)", yIncludesZero: true)
    plot.layers.append(.band(x: [0, 1, 2], lower: [0, 1, 2], upper: [1, 2, 3], colour: "#9ecae1", opacity: 0.5, label: "90 %"))
    plot.layers.append(.line(x: [0, 1, 2, .nan], y: [0.5, 1.5, 2.5, 1], colour: "#08519c", width: 1.5, dashed: false, label: "median"))
    plot.layers.append(.bars(edges: [0, 1, 2], heights: [3, .infinity], colour: "#ccc", opacity: 1, label: nil))
    plot.layers.append(.points(x: [1], y: [2], colour: "red", radius: 3, label: "observed"))
    plot.layers.append(.verticalLine(x: 1.5, colour: "black", dashed: true, label: nil))
    let svg = plot.render()
    #expect(isWellFormedXML(svg))
    #expect(svg.contains("Volume &lt;T1Gd&gt; &amp; FLAIR"))
    #expect(svg.contains("<polygon") && svg.contains("<polyline") && svg.contains("<circle") && svg.contains("<rect"))
    #expect(!svg.contains("nan") && !svg.contains("inf"))
}

@Test func escapeXMLHandlesAllSpecialCharacters() {
    #expect(escapeXML("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
}
