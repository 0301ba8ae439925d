import Dispatch

/// Runs independent per-unit updates (chains, walkers, particles) on `T` worker threads, with one
/// log-density instance per worker (see ``LogDensityFactory`` for the contract).
///
/// Unit `i` is handled by worker `i mod T`; units own their random generators, so the result of each
/// update does not depend on `T` or on scheduling. `T == 1` runs on the calling thread.
public final class WorkerPool<Target>: @unchecked Sendable {
    // @unchecked: `targets[w]` is only touched by worker w during `forEach`, which joins before returning.
    private let targets: [Target]
    public let threads: Int

    init(factory: LogDensityFactory<Target>, threads: Int) {
        precondition(threads >= 1, "threads must be ≥ 1, got \(threads)")
        self.threads = threads
        targets = (0..<threads).map { factory.make(worker: $0) }
    }

    /// The instance for sequential work on the calling thread.
    public var first: Target { targets[0] }

    /// Calls `body(&items[i], target)` for every i, in parallel over workers; joins before returning.
    public func forEach<Item>(_ items: inout [Item], _ body: (inout Item, Target) -> Void) {
        let count = items.count
        if threads == 1 || count <= 1 {
            for i in 0..<count { body(&items[i], targets[0]) }
            return
        }
        let workers = min(threads, count)
        items.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            withoutActuallyEscaping(body) { body in
                let work = UnsafeSendable(body)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var i = w
                    while i < count {
                        work.value(&shared.value[i], self.targets[w])
                        i += workers
                    }
                }
            }
        }
    }
}

/// Carries a value across the `concurrentPerform` boundary; safe only because each worker touches
/// disjoint elements and the call joins before the value goes out of scope.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
