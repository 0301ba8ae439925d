/// Failures caused by the model, the data or the environment (never by a programming mistake, which is a
/// precondition failure). Each case says what went wrong and, for files, which file.
public enum InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No starting point with a finite log-density was found for this chain/walker.
    case initializationFailed(unit: Int, attempts: Int)
    /// Given starting points have a non-finite log-density (emcee: "initial positions are not all finite").
    case initialPositionsNotFinite(units: [Int])
    /// The sampler cannot run with these settings (e.g. "fewer walkers than 2×dimension").
    case invalidConfiguration(String)
    /// A checkpoint could not be read or decoded.
    case unreadableCheckpoint(path: String, reason: String)
    /// A checkpoint belongs to a different run (sampler, seed, chains, dimension...).
    case incompatibleCheckpoint(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)
    /// A CmdStan CSV file could not be read.
    case malformedCSV(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .initializationFailed(let unit, let attempts):
            "chain/walker \(unit): no starting point with a finite log-density after \(attempts) attempts"
        case .initialPositionsNotFinite(let units):
            "initial positions are not all finite (log-density not finite for chains/walkers \(units))"
        case .invalidConfiguration(let message): message
        case .unreadableCheckpoint(let path, let reason): "checkpoint \(path) is unreadable: \(reason)"
        case .incompatibleCheckpoint(let path, let reason): "checkpoint \(path) belongs to another run: \(reason)"
        case .writeFailed(let path, let reason): "could not write \(path): \(reason)"
        case .malformedCSV(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
