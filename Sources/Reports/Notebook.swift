import Foundation

/// A Jupyter notebook in nbformat 4.5 (JSON): markdown and code cells, python3 kernelspec.
///
/// Code cells are written unexecuted (`execution_count: null`, no outputs), so the notebook is small
/// and a reader runs it against the run folder it sits beside. Cell ids are deterministic
/// (`cell-0`, `cell-1`, …), so regenerating a notebook from the same run gives the same bytes.
public struct Notebook: Sendable {
    /// One cell.
    public enum Cell: Sendable {
        /// Markdown source.
        case markdown(String)
        /// Python source.
        case code(String)
    }

    /// The cells in order.
    public var cells: [Cell] = []

    /// Creates an empty notebook.
    public init(cells: [Cell] = []) { self.cells = cells }

    /// The notebook as a JSON object (nbformat 4, minor 5).
    public func jsonObject() -> [String: Any] {
        let cellObjects: [[String: Any]] = cells.enumerated().map { index, cell in
            switch cell {
            case .markdown(let text):
                return ["cell_type": "markdown", "id": "cell-\(index)", "metadata": [String: Any](),
                        "source": Self.sourceLines(text)]
            case .code(let text):
                return ["cell_type": "code", "id": "cell-\(index)", "metadata": [String: Any](),
                        "execution_count": NSNull(), "outputs": [Any](), "source": Self.sourceLines(text)]
            }
        }
        return [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
                "language_info": ["name": "python"],
            ],
            "cells": cellObjects,
        ]
    }

    /// UTF-8 JSON bytes with sorted keys (stable output).
    public func encoded() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject(), options: [.prettyPrinted, .sortedKeys])
    }

    /// nbformat stores source as a list of lines, each but the last keeping its newline.
    static func sourceLines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n").map { $0 + "\n" }
        if var last = lines.popLast() {
            last.removeLast()
            if !last.isEmpty { lines.append(last) }
        }
        return lines
    }
}
