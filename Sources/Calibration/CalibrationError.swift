/// A problem with a patient specification, its files or a run folder: bad data or environment, never a
/// programmer mistake. `location` names the offending field (`scans[1].day`), file or folder.
public struct CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem, so the command line can pick an exit code.
    public enum Kind: String, Sendable, Equatable {
        /// The specification is malformed or inconsistent (unknown key, bad value, impossible prior).
        case specification
        /// An input file is missing or unreadable.
        case inputFile
        /// The data are readable but unusable (grids differ, empty mask, labels outside a convention).
        case data
        /// An output could not be written, or a run folder is not what was expected.
        case output
        /// A computation failed (e.g. no finite starting point).
        case computation
    }

    public let kind: Kind
    /// The field path, file or folder concerned.
    public let location: String
    /// What is wrong, in one sentence.
    public let message: String

    public init(_ kind: Kind, _ location: String, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
