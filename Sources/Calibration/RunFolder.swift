import Foundation
import Imaging

/// The files of a run folder (DESIGN.md §5) and atomic writes into it.
///
/// A run is complete only when `run.json` says `"status": "complete"`; it is written last, so a folder
/// left by a killed job never looks complete.
public struct RunFolder: Sendable {
    public let url: URL
    public init(_ url: URL) { self.url = url }

    public var runRecord: URL { url.appendingPathComponent("run.json") }
    public var resolvedSpecification: URL { url.appendingPathComponent("resolved-spec.json") }
    public var checkpoint: URL { url.appendingPathComponent("checkpoint.json") }
    public var summaryCSV: URL { url.appendingPathComponent("summary.csv") }
    public var summaryJSON: URL { url.appendingPathComponent("summary.json") }
    public var samplerStatistics: URL { url.appendingPathComponent("sampler.json") }
    public var predictions: URL { url.appendingPathComponent("predict") }
    public func chainCSV(_ k: Int) -> URL { url.appendingPathComponent("chain-\(k).csv") }

    /// Draw files present, in chain order.
    public func chainFiles() -> [URL] {
        var out: [URL] = []
        var k = 1
        while FileManager.default.fileExists(atPath: chainCSV(k).path) { out.append(chainCSV(k)); k += 1 }
        return out
    }

    /// Writes `data` atomically (temporary name in the same folder, then rename).
    public func write(_ data: Data, to file: URL) throws(CalibrationError) {
        do { try AtomicFile.write(data, to: file) } catch {
            throw CalibrationError(.output, file.path, (error as? NIfTIError)?.problem ?? "cannot write: \(error.localizedDescription)")
        }
    }

    public func writeJSON<T: Encodable>(_ value: T, to file: URL) throws(CalibrationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data: Data
        do { data = try encoder.encode(value) } catch { throw CalibrationError(.output, file.path, "cannot encode: \(error)") }
        try write(data + Data("\n".utf8), to: file)
    }

    public func readJSON<T: Decodable>(_ type: T.Type, from file: URL) throws(CalibrationError) -> T {
        guard let data = try? Data(contentsOf: file) else { throw CalibrationError(.inputFile, file.path, "missing or unreadable") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(T.self, from: data) } catch {
            throw CalibrationError(.inputFile, file.path, "malformed: \(error)")
        }
    }

    /// The run record.
    public struct Record: Codable, Sendable {
        public var status: String
        public var sampler: String
        public var seed: UInt64
        public var chains: Int
        public var converged: Bool?
        public var stopReason: String?
        public var wallSeconds: Double?
        public var gliobayesCommand: String?
    }
}
