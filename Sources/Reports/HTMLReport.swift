import Foundation

/// A self-contained HTML document: inline CSS, inline SVG figures and PNG data URIs, no scripts,
/// no fonts and nothing fetched from the network, so it opens from disk in any browser.
public struct HTMLReport: Sendable {
    /// A piece of the body.
    public enum Block: Sendable {
        /// A section heading.
        case heading(String)
        /// A paragraph of plain text (escaped).
        case paragraph(String)
        /// A warning box (escaped text).
        case warning(String)
        /// A table with a header row; cells are plain text (escaped).
        case table(header: [String], rows: [[String]], caption: String?)
        /// Figures side by side (each already-rendered `<svg>` or `<img>` markup), with a caption.
        case figures([String], caption: String?)
        /// A PNG image, inlined as a data URI, with alternative text and a caption.
        case image(RasterImage, alt: String, caption: String?)
        /// Preformatted text (escaped), e.g. a command line or JSON.
        case preformatted(String)
    }

    /// Document title (also the `<h1>`).
    public var title: String
    /// The body, in order.
    public var blocks: [Block] = []

    /// Creates an empty report.
    public init(title: String) { self.title = title }

    static let css = """
    body{font-family:sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.4}
    h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
    table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
    th{background:#f3f3f3}caption{caption-side:bottom;font-size:.85em;color:#555;padding-top:.3em}
    .warn{background:#fff4e5;border-left:4px solid #f0a020;padding:.5em .8em;margin:.5em 0}
    figure{margin:.6em 0}.row{display:flex;flex-wrap:wrap;gap:.5em}figcaption{font-size:.85em;color:#555}
    pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:.85em}img{image-rendering:pixelated}
    """

    /// The complete HTML document.
    public func render() -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>\(escapeXML(title))</title><style>\(Self.css)</style></head><body>\n"
        h += "<h1>\(escapeXML(title))</h1>\n"
        for block in blocks {
            switch block {
            case .heading(let text):
                h += "<h2>\(escapeXML(text))</h2>\n"
            case .paragraph(let text):
                h += "<p>\(escapeXML(text))</p>\n"
            case .warning(let text):
                h += "<div class=\"warn\">\(escapeXML(text))</div>\n"
            case let .table(header, rows, caption):
                h += "<table>"
                if let caption { h += "<caption>\(escapeXML(caption))</caption>" }
                h += "<thead><tr>" + header.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr></thead><tbody>"
                for row in rows { h += "<tr>" + row.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>" }
                h += "</tbody></table>\n"
            case let .figures(items, caption):
                h += "<figure><div class=\"row\">" + items.joined() + "</div>"
                if let caption { h += "<figcaption>\(escapeXML(caption))</figcaption>" }
                h += "</figure>\n"
            case let .image(image, alt, caption):
                h += "<figure><img alt=\"\(escapeXML(alt))\" width=\"\(image.width)\" height=\"\(image.height)\" src=\"\(PNGEncoder.dataURI(image))\">"
                if let caption { h += "<figcaption>\(escapeXML(caption))</figcaption>" }
                h += "</figure>\n"
            case .preformatted(let text):
                h += "<pre>\(escapeXML(text))</pre>\n"
            }
        }
        return h + "</body></html>\n"
    }
}
