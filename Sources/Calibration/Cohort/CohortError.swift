/// Problems with a cohort manifest, a cohort folder or its files (bad input or environment).
public enum CohortError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest cannot be read or has the wrong structure.
    case invalidManifest(path: String, reason: String)
    /// A cohort or patient folder is missing or unreadable.
    case unreadableFolder(path: String, reason: String)
    /// A result file could not be written.
    case writeFailed(path: String, reason: String)
    /// The comparison cannot be made (e.g. fewer than two patients in a group).
    case comparisonImpossible(String)

    public var description: String {
        switch self {
        case .invalidManifest(let path, let reason): "manifest \(path): \(reason)"
        case .unreadableFolder(let path, let reason): "\(path): \(reason)"
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        case .comparisonImpossible(let reason): reason
        }
    }
}
