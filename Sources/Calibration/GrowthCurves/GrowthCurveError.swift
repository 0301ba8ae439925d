/// Problems with growth-curve data or settings (bad input, never a programming mistake).
public enum GrowthCurveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The series cannot be fitted (too few points, non-positive or non-finite values, unsorted times...).
    case invalidSeries(id: String, reason: String)
    /// A data file could not be read or parsed.
    case unreadableFile(path: String, reason: String)
    /// A setting (law name, error model...) is not recognised.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .invalidSeries(let id, let reason): "series \(id): \(reason)"
        case .unreadableFile(let path, let reason): "\(path): \(reason)"
        case .invalidSetting(let message): message
        }
    }
}
