import Foundation

/// When to write checkpoints during a ``MarkovChainRunner`` run, and where.
///
/// Resume semantics: if ``url`` already holds a checkpoint of the same run (same sampler, settings,
/// seed, chains, warm-up, thinning, dimension), the run continues from it to the *requested total*
/// (`warmupIterations + samplingIterations` of the new call, which may exceed the old one); the draws are
/// bit-identical to an uninterrupted run of that total. A checkpoint that is already past the requested
/// total is truncated to it. A checkpoint of a run that stopped by the convergence rule is returned as it
/// is (the run is finished). Checkpoint timing (iterations or seconds) never changes the draws.
public struct CheckpointPolicy: Sendable {
    /// The checkpoint file (JSON). Written atomically: temporary file in the same folder, then rename.
    public var url: URL
    /// Write after every this many iterations (nil: not by count).
    public var everyIterations: Int?
    /// Write when this many seconds passed since the last write (nil: not by time).
    public var everySeconds: Double?

    public init(url: URL, everyIterations: Int? = 100, everySeconds: Double? = nil) {
        precondition(everyIterations.map { $0 >= 1 } ?? true, "everyIterations must be ≥ 1")
        self.url = url
        self.everyIterations = everyIterations
        self.everySeconds = everySeconds
    }
}

/// The on-disk checkpoint: format version, the identity of the run, and the whole sampler state.
struct CheckpointFile<State: Codable>: Codable {
    /// Bumped whenever the layout changes; older/newer files are refused with a clear error.
    static var currentFormatVersion: Int { 1 }

    var formatVersion: Int
    var samplerName: String
    var settings: [String: String]
    var options: SamplingOptions
    var dimension: Int
    var iteration: Int
    var stopReason: StopReason?
    var warmupSeconds: Double
    var samplingSeconds: Double
    var chains: [ChainDraws]
    var kernelState: State

    func write(to url: URL) throws(InferenceError) {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw .writeFailed(path: url.path, reason: "cannot encode checkpoint: \(error)")
        }
        try AtomicFile.write(data, to: url)
    }

    static func read(from url: URL) throws(InferenceError) -> CheckpointFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadableCheckpoint(path: url.path, reason: "cannot read file: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let version = try? decoder.decode(CheckpointVersion.self, from: data) else {
            throw .unreadableCheckpoint(path: url.path, reason: "not a GlioBayes checkpoint (no formatVersion; truncated or corrupt JSON?)")
        }
        guard version.formatVersion == currentFormatVersion else {
            throw .unreadableCheckpoint(path: url.path,
                                        reason: "format version \(version.formatVersion), this build reads \(currentFormatVersion)")
        }
        do { return try decoder.decode(CheckpointFile.self, from: data) } catch {
            throw .unreadableCheckpoint(path: url.path, reason: "corrupt contents: \(error)")
        }
    }
}

/// Just the version field, read first so an old or foreign file gets a clear message.
private struct CheckpointVersion: Decodable { var formatVersion: Int }
