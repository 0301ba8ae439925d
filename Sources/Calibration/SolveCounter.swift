import Foundation

/// Counts forward solves per grid resolution across all log-density instances of a run (thread-safe;
/// one lock per solve, negligible next to a solve).
public final class SolveCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var solves: [Int: Int] = [:]
    private var failures: [Int: Int] = [:]
    private var seconds: [Int: Double] = [:]

    public init() {}

    /// Records one solve at `resolution` mm that took `elapsed` seconds.
    public func record(resolution: Int, elapsed: Double, failed: Bool) {
        lock.lock(); defer { lock.unlock() }
        solves[resolution, default: 0] += 1
        seconds[resolution, default: 0] += elapsed
        if failed { failures[resolution, default: 0] += 1 }
    }

    /// Solves, failed solves and solver seconds (summed over threads) per resolution.
    public func snapshot() -> (solves: [Int: Int], failures: [Int: Int], seconds: [Int: Double]) {
        lock.lock(); defer { lock.unlock() }
        return (solves, failures, seconds)
    }
}
