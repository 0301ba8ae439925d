import Foundation

/// A CmdStan CSV file read back: the configuration (`key = value` lines of the `#` block), the column
/// names and the draws.
public struct CmdStanCSVFile: Sendable, Equatable {
    /// `key = value` pairs from the comment lines, key without indentation, value without ` (Default)`.
    /// For repeated keys the first occurrence wins.
    public let configuration: [String: String]
    /// Column names in file order (`lp__`, `accept_stat__`, parameters...).
    public let columnNames: [String]
    /// Rows of values, `rows[i][j]` = draw i, column j.
    public let rows: [[Double]]

    /// Number of draw rows.
    public var drawCount: Int { rows.count }

    /// The values of one column, or nil if there is no such column.
    public func column(_ name: String) -> [Double]? {
        guard let j = columnNames.firstIndex(of: name) else { return nil }
        return rows.map { $0[j] }
    }

    /// A boolean configuration entry, accepting `0/1` and `false/true` (newer CmdStan writes the latter).
    public func flag(_ key: String) -> Bool? {
        switch configuration[key]?.lowercased() {
        case "1", "true": true
        case "0", "false": false
        default: nil
        }
    }

    /// An integer configuration entry.
    public func integer(_ key: String) -> Int? { configuration[key].flatMap { Int($0) } }
}

/// Reads CmdStan CSV files (ours or CmdStan's): comment block, header, numeric rows (`nan`, `inf`,
/// `-inf` accepted), adaptation/timing comments anywhere after the header.
public enum CmdStanCSVReader {
    public static func read(_ url: URL) throws(InferenceError) -> CmdStanCSVFile {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .malformedCSV(path: url.path, line: 0, reason: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(text, path: url.path)
    }

    /// Parses file text; `path` is only used in error messages.
    public static func parse(_ text: String, path: String) throws(InferenceError) -> CmdStanCSVFile {
        var configuration = [String: String]()
        var header: [String]?
        var rows = [[Double]]()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let range = body.range(of: " = ") {
                    let key = String(body[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                    var value = String(body[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                    if value.hasSuffix("(Default)") {
                        value = String(value.dropLast("(Default)".count)).trimmingCharacters(in: .whitespaces)
                    }
                    if configuration[key] == nil { configuration[key] = value }
                }
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                guard fields.first == "lp__" else {
                    throw .malformedCSV(path: path, line: lineNumber, reason: "header must start with lp__, found \"\(fields.first ?? "")\"")
                }
                header = fields
                continue
            }
            guard fields.count == names.count else {
                throw .malformedCSV(path: path, line: lineNumber,
                                    reason: "row has \(fields.count) values, header has \(names.count) columns")
            }
            var row = [Double]()
            row.reserveCapacity(fields.count)
            for field in fields {
                guard let value = parseNumber(field) else {
                    throw .malformedCSV(path: path, line: lineNumber, reason: "not a number: \"\(field)\"")
                }
                row.append(value)
            }
            rows.append(row)
        }
        guard let names = header else { throw .malformedCSV(path: path, line: lineNumber, reason: "no header line (lp__,...)") }
        let file = CmdStanCSVFile(configuration: configuration, columnNames: names, rows: rows)
        if let declared = file.integer("num_samples"), file.flag("save_warmup") != true, declared != rows.count {
            throw .malformedCSV(path: path, line: lineNumber,
                                reason: "num_samples = \(declared) but the file has \(rows.count) draw rows")
        }
        return file
    }

    static func parseNumber(_ field: String) -> Double? {
        switch field.lowercased() {
        case "nan", "-nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(field)
        }
    }
}
