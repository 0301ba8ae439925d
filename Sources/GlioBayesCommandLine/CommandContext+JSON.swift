import Foundation

/// The `--json` convention: one JSON document on stdout, UTF-8, keys sorted, pretty-printed, a
/// trailing newline; snake_case keys chosen by the command's `CodingKeys`; non-finite numbers are
/// written as `null` by the command (JSON has no NaN), never as strings. Errors still go to stderr as
/// text, and the exit code says whether the document is complete.
extension CommandContext {
    /// Encodes `value` and writes it to stdout as one document.
    ///
    /// Throws ``CommandFailure`` (exit code ``ExitCode/failure``) when encoding fails, e.g. on a
    /// non-finite `Double`.
    public func writeJSON<T: Encodable>(_ value: T) throws {
        standardOutput.writeLine(try Self.jsonString(value))
    }

    /// The text ``writeJSON(_:)`` writes, without the trailing newline.
    public static func jsonString<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CommandFailure("--json", "could not encode the output: \(error)")
        }
    }
}
