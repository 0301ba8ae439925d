/// Makes the log-density instances a sampler uses: one per worker thread.
///
/// Threading contract: a sampler with `threads = T` calls `make(w)` once for each worker `w` in `0..<T`
/// and only ever calls instance `w` from worker `w`, one call at a time. So a model with scratch buffers
/// or a non-reentrant solver is safe as long as distinct instances share no mutable state. Which worker
/// evaluates which chain/walker depends on `T`; results stay identical for any `T` because the value must
/// be a pure function of the point.
public struct LogDensityFactory<Target>: Sendable {
    private let maker: @Sendable (Int) -> Target

    /// - Parameter make: builds the instance for worker `w` (0-based).
    public init(_ make: @escaping @Sendable (_ worker: Int) -> Target) { maker = make }

    /// Builds the instance for worker `w`.
    public func make(worker: Int) -> Target { maker(worker) }
}

extension LogDensityFactory where Target: Sendable {
    /// Shares one instance between all workers (only for thread-safe, immutable models).
    public static func shared(_ target: Target) -> LogDensityFactory<Target> {
        LogDensityFactory { _ in target }
    }
}
