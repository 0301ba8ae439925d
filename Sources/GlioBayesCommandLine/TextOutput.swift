import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place text goes: the process's stdout or stderr, or a buffer in tests.
public struct TextOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    /// Output that hands every write to `sink`.
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes `text` as is (no newline added).
    public func write(_ text: String) { sink(text) }

    /// Writes `text` and a newline.
    public func writeLine(_ text: String = "") { sink(text + "\n") }

    /// The process's standard output (file descriptor 1), unbuffered. A failed write (full disk, closed
    /// descriptor) is remembered in ``standardOutputFailure`` so the tool can exit non-zero.
    public static let standardOutput = TextOutput { text in
        if let failure = writeAll(text, to: 1) { WriteFailure.standardOutput.record(failure) }
    }
    /// The first error a write to the process's standard output met (a `strerror` text), if any.
    public static var standardOutputFailure: String? { WriteFailure.standardOutput.first }
    /// The process's standard error (file descriptor 2), unbuffered.
    public static let standardError = TextOutput { writeAll($0, to: 2) }
    /// Discards everything.
    public static let discarding = TextOutput { _ in }

    /// Output that appends to `capture`, for tests.
    public static func capturing(into capture: OutputCapture) -> TextOutput {
        TextOutput { capture.append($0) }
    }

    /// `write(2)` in a loop: retries on EINTR and short writes; on other errors stops and returns the
    /// `strerror` text (a closed pipe is not worth a crash, and SIGPIPE ends the process first by default).
    @discardableResult
    private static func writeAll(_ text: String, to descriptor: Int32) -> String? {
        var bytes = Array(text.utf8)
        var offset = 0
        return bytes.withUnsafeMutableBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return written < 0 ? String(cString: strerror(errno)) : "nothing written"
                }
            }
            return nil
        }
    }
}

/// The first failure of writes to one process stream (thread-safe).
final class WriteFailure: @unchecked Sendable {
    static let standardOutput = WriteFailure()
    private let lock = NSLock()
    private var failure: String?

    func record(_ reason: String) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil { failure = reason }
    }

    var first: String? {
        lock.lock(); defer { lock.unlock() }
        return failure
    }
}

/// A thread-safe text buffer that ``TextOutput/capturing(into:)`` writes to.
public final class OutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    public init() {}

    func append(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        buffer += text
    }

    /// Everything written so far.
    public var text: String {
        lock.lock(); defer { lock.unlock() }
        return buffer
    }

    /// Everything written so far, split into lines (without the trailing empty line).
    public var lines: [String] {
        var result = text.components(separatedBy: "\n")
        if result.last == "" { result.removeLast() }
        return result
    }
}
