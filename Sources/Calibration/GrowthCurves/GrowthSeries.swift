import Foundation

/// One patient's (or animal's) volume or burden time series: days and positive values.
///
/// Values are fitted in units of ``scale``, the geometric mean of the observations, so that the priors of
/// ``GrowthLaw`` are unit-free. Elapsed time is counted from ``referenceDay`` (the first observation day).
public struct GrowthSeries: Sendable, Equatable, Codable {
    /// Identifier used in messages and outputs.
    public let id: String
    /// Observation days, strictly ascending.
    public let days: [Double]
    /// Observed values (> 0), any unit (mm³, photons/s, arbitrary units).
    public let values: [Double]

    /// Validates and creates a series.
    /// - Throws: ``GrowthCurveError/invalidSeries(id:reason:)`` when there are fewer than 3 points, a value
    ///   is not positive and finite, or the days are not strictly ascending.
    public init(id: String, days: [Double], values: [Double]) throws(GrowthCurveError) {
        guard days.count == values.count else {
            throw .invalidSeries(id: id, reason: "\(days.count) days but \(values.count) values")
        }
        guard days.count >= 3 else {
            throw .invalidSeries(id: id, reason: "needs at least 3 observations, has \(days.count)")
        }
        if let bad = values.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
            throw .invalidSeries(id: id, reason: "value \(values[bad]) on day \(days[bad]) is not positive and finite")
        }
        if let bad = days.firstIndex(where: { !$0.isFinite }) {
            throw .invalidSeries(id: id, reason: "day \(days[bad]) is not finite")
        }
        for i in 1..<days.count where !(days[i] > days[i - 1]) {
            throw .invalidSeries(id: id, reason: "days must be strictly ascending (day \(days[i]) follows \(days[i - 1]))")
        }
        self.id = id
        self.days = days
        self.values = values
    }

    /// Number of observations.
    public var count: Int { values.count }

    /// The first observation day; elapsed time `τ = day − referenceDay`.
    public var referenceDay: Double { days[0] }

    /// Geometric mean of the values: the unit in which ``GrowthLaw`` volumes are expressed.
    public var scale: Double { Foundation.exp(values.reduce(0) { $0 + Foundation.log($1) } / Double(count)) }

    /// Reads a two-column CSV (header with a time column `day`/`days`/`time`/`t` and a value column
    /// `value`/`volume`/`burden`/`bli_au`/…, the first other column), ignoring blank lines.
    public static func read(csv url: URL, id: String? = nil) throws(GrowthCurveError) -> GrowthSeries {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .unreadableFile(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let table = try DelimitedTable.parse(text, path: url.path)
        guard let t = table.column(named: DelimitedTable.timeColumnNames) else {
            throw .unreadableFile(path: url.path, reason: "no time column (day, days, time or t) in header \(table.header)")
        }
        let v = table.column(named: DelimitedTable.valueColumnNames)
            ?? table.header.indices.first(where: { $0 != t })
        guard let v else { throw .unreadableFile(path: url.path, reason: "no value column in header \(table.header)") }
        var days = [Double](), values = [Double]()
        for (k, row) in table.rows.enumerated() {
            guard let d = Double(row[t]), let y = Double(row[v]) else {
                throw .unreadableFile(path: url.path, reason: "line \(k + 2): not numbers: \(row[t]), \(row[v])")
            }
            days.append(d)
            values.append(y)
        }
        return try GrowthSeries(id: id ?? url.deletingPathExtension().lastPathComponent, days: days, values: values)
    }
}

/// A small comma-separated table reader (header + rows, no quoting of commas), shared by the growth-series
/// and manifest readers.
struct DelimitedTable {
    let header: [String]
    let rows: [[String]]

    static let timeColumnNames = ["day", "days", "time", "t", "time_days"]
    static let valueColumnNames = ["value", "volume", "burden", "bli_au", "bli", "volume_mm3", "y"]

    static func parse(_ text: String, path: String) throws(GrowthCurveError) -> DelimitedTable {
        var lines = text.split(whereSeparator: \.isNewline).map { String($0) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else { throw .unreadableFile(path: path, reason: "empty file") }
        let header = split(lines.removeFirst())
        var rows = [[String]]()
        for (k, line) in lines.enumerated() {
            let fields = split(line)
            guard fields.count == header.count else {
                throw .unreadableFile(path: path, reason: "line \(k + 2) has \(fields.count) fields, header has \(header.count)")
            }
            rows.append(fields)
        }
        return DelimitedTable(header: header, rows: rows)
    }

    static func split(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    /// Index of the first header name (case-insensitive) among `names`.
    func column(named names: [String]) -> Int? {
        let lower = header.map { $0.lowercased() }
        for name in names { if let i = lower.firstIndex(of: name) { return i } }
        return nil
    }
}
