/// The exit status of `gliobayes`, the one place where the numbers are defined.
///
/// Every command returns one of these; `gliobayes --help` prints the table built from
/// ``ExitCode/allCases`` and ``ExitCode/meaning``, so the documentation cannot drift from the code.
public enum ExitCode: Int32, CaseIterable, Sendable, CustomStringConvertible {
    /// The command did what was asked.
    case success = 0
    /// A runtime or data error: a computation failed or the data are unusable (bad values in a
    /// readable file, a non-finite log-density at the start, a failed factorisation).
    case failure = 1
    /// A usage error: unknown command or option, a missing or malformed value, wrong argument count.
    case usage = 2
    /// An input file is missing, unreadable or malformed (NIfTI, JSON, CSV, checkpoint).
    case inputFile = 3
    /// The run finished but the convergence criterion (R̂, ESS) was not met within the budget;
    /// its outputs are written and say so.
    case notConverged = 4
    /// An output could not be written (permissions, disk full, an existing run folder).
    case outputFile = 5

    /// One line for the `--help` table.
    public var meaning: String {
        switch self {
        case .success: return "success"
        case .failure: return "runtime or data error (a computation failed, unusable values)"
        case .usage: return "usage error (unknown command or option, missing or malformed value)"
        case .inputFile: return "input file missing, unreadable or malformed"
        case .notConverged: return "finished, but the convergence criterion was not met (outputs written)"
        case .outputFile: return "an output could not be written"
        }
    }

    public var description: String { "\(rawValue) (\(meaning))" }
}
