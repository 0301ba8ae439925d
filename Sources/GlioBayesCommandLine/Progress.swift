import Foundation

/// Reports how far a long job has got, on stderr.
///
/// On a terminal it redraws one line in place (`\r`), at most every ``redrawInterval`` seconds:
/// `sampling [##########----------]  50% 500/1000  12.3s  eta 12s`.
/// Otherwise (a log file, CI) it writes a plain line each time another tenth of the work is done,
/// but not more often than every ``lineInterval`` seconds, plus one at the end, so logs stay short:
/// `gliobayes: sampling: 500/1000 (50%) after 12.3s`.
///
/// Thread-safe: chains running in parallel may call ``advance(by:)`` concurrently.
public final class Progress: @unchecked Sendable {
    public let label: String
    public let total: Int
    /// Minimum seconds between redraws of the terminal bar.
    public var redrawInterval: Double = 0.1
    /// Minimum seconds between plain lines (the final line is always written).
    public var lineInterval: Double = 5

    private let output: TextOutput
    private let isTerminal: Bool
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private let startTime: Double
    private var completed = 0
    private var lastDrawTime = -Double.infinity
    private var lastReportedTenth = 0
    private var isFinished = false
    private static let barWidth = 24

    /// - Parameters:
    ///   - total: units of work (iterations, patients); must be ≥ 0.
    ///   - isTerminal: draw a bar (true) or sparse lines (false); use `isatty(2)`.
    public init(label: String, total: Int, output: TextOutput, isTerminal: Bool,
                clock: @escaping @Sendable () -> Double = CommandContext.monotonicSeconds) {
        precondition(total >= 0, "Progress total must be non-negative, got \(total)")
        self.label = label
        self.total = total
        self.output = output
        self.isTerminal = isTerminal
        self.clock = clock
        self.startTime = clock()
        // Plain lines start one interval after the start, so short jobs print only the final line.
        self.lastDrawTime = isTerminal ? -Double.infinity : startTime
    }

    /// Marks `count` more units done.
    public func advance(by count: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        setCompleted(completed + count)
    }

    /// Sets the number of units done.
    public func update(completed newValue: Int) {
        lock.lock(); defer { lock.unlock() }
        setCompleted(newValue)
    }

    /// Ends the report: the bar is drawn full and the line ended; a final plain line otherwise.
    /// Further calls do nothing.
    public func finish(_ message: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        guard !isFinished else { return }
        isFinished = true
        let elapsed = clock() - startTime
        let suffix = message.map { " — \($0)" } ?? ""
        if isTerminal {
            output.write("\r\u{1B}[2K" + barLine(elapsed: elapsed) + suffix + "\n")
        } else {
            output.writeLine("gliobayes: \(label): done \(completed)/\(total) in \(Self.seconds(elapsed))\(suffix)")
        }
    }

    private func setCompleted(_ value: Int) {
        guard !isFinished else { return }
        completed = min(max(0, value), total)
        let now = clock()
        if isTerminal {
            guard now - lastDrawTime >= redrawInterval || completed == total else { return }
            lastDrawTime = now
            output.write("\r\u{1B}[2K" + barLine(elapsed: now - startTime))
        } else {
            let tenth = total == 0 ? 10 : completed * 10 / total
            guard tenth > lastReportedTenth, tenth < 10, now - lastDrawTime >= lineInterval else { return }
            lastReportedTenth = tenth
            lastDrawTime = now
            output.writeLine("gliobayes: \(label): \(completed)/\(total) (\(percent)%) after \(Self.seconds(now - startTime))")
        }
    }

    private var percent: Int { total == 0 ? 100 : completed * 100 / total }

    private func barLine(elapsed: Double) -> String {
        let filled = total == 0 ? Self.barWidth : completed * Self.barWidth / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
        var line = "\(label) [\(bar)] \(String(repeating: " ", count: max(0, 3 - String(percent).count)))\(percent)% \(completed)/\(total)  \(Self.seconds(elapsed))"
        if completed > 0, completed < total {
            line += "  eta \(Self.seconds(elapsed / Double(completed) * Double(total - completed)))"
        }
        return line
    }

    static func seconds(_ value: Double) -> String {
        if value < 60 { return String(format: "%.1fs", value) }
        let whole = Int(value.rounded())
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole / 60 % 60))m"
    }
}
