import Imaging

/// Exit codes for Imaging's errors (see ``ExitCode``): problems reading a file → 3, values that do not
/// fit an output datatype → 1 (a data problem), failures writing → 5.
extension NIfTIError: ExitCodeProviding {
    public var exitCode: ExitCode {
        switch kind {
        case .valueDoesNotFit: .failure
        case .writeFailed: .outputFile
        default: .inputFile
        }
    }
}

/// A label map that does not fit its convention is a malformed input file → 3.
extension LabelError: ExitCodeProviding {
    public var exitCode: ExitCode { .inputFile }
}
