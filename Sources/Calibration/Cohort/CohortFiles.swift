import Foundation
import Imaging

/// Atomic writes for cohort outputs (temporary name in the same folder, then rename).
enum CohortFiles {
    static func write(_ data: Data, to url: URL) throws(CohortError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: "\(error)")
        }
    }

    static func write(_ text: String, to url: URL) throws(CohortError) { try write(Data(text.utf8), to: url) }

    static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws(CohortError) {
        let data: Data
        do { data = try CohortJSON.encode(value) } catch { throw .writeFailed(path: url.path, reason: "cannot encode: \(error)") }
        try write(data, to: url)
    }

    /// A CSV field: numbers in shortest round-trip form (`nan`, `inf`), text quoted when needed.
    static func field(_ value: Double?) -> String {
        guard let value else { return "" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    static func field(_ text: String) -> String {
        text.contains(",") || text.contains("\"") || text.contains("\n")
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
