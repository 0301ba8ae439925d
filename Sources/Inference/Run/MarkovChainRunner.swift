import Foundation
import Probability

extension MarkovKernel {
    /// Runs this kernel with ``MarkovChainRunner``.
    public func sample(target: LogDensityFactory<Target>, options: SamplingOptions, initialization: Initialization,
                       execution: ExecutionOptions) throws(InferenceError) -> SamplingResult {
        try MarkovChainRunner(kernel: self).run(target: target, options: options, initialization: initialization,
                                                execution: execution)
    }
}

/// Drives a ``MarkovKernel``: initialisation, warm-up, thinning, the convergence stopping rule,
/// progress, checkpoint/resume, timing.
///
/// Per iteration: one `kernel.step` over all chains (parallel inside), then the kept draws are appended;
/// every `rule.checkInterval` post-warm-up iterations the convergence rule is evaluated on the kept draws
/// (all coordinates, unconstrained scale; R̂ and rank-normalised ESS are invariant to the monotone
/// transforms anyway). Nothing here depends on the thread count or on wall-clock time except timings and
/// when checkpoints are written, so draws are reproducible.
public struct MarkovChainRunner<Kernel: MarkovKernel>: Sendable {
    public let kernel: Kernel

    public init(kernel: Kernel) { self.kernel = kernel }

    public func run(target: LogDensityFactory<Kernel.Target>, options: SamplingOptions,
                    initialization: Initialization, execution: ExecutionOptions) throws(InferenceError) -> SamplingResult {
        let pool = WorkerPool(factory: target, threads: execution.threads)
        let dimension = kernel.dimension(of: pool.first)
        precondition(dimension > 0, "target dimension must be positive")
        try kernel.validate(chains: options.chains, dimension: dimension)
        let units = kernel.unitCount(chains: options.chains, dimension: dimension)

        var file: CheckpointFile<Kernel.State>
        if let policy = execution.checkpoint, FileManager.default.fileExists(atPath: policy.url.path) {
            file = try CheckpointFile<Kernel.State>.read(from: policy.url)
            try checkCompatible(file, options: options, dimension: dimension, url: policy.url)
            if file.stopReason != .converged { file.stopReason = nil }
            file.options = options
        } else {
            let (positions, generators) = try initialPositions(initialization, units: units, dimension: dimension,
                                                              options: options, pool: pool)
            let state = kernel.makeState(positions: positions, generators: generators, seed: options.seed, targets: pool)
            file = CheckpointFile(formatVersion: CheckpointFile<Kernel.State>.currentFormatVersion,
                                  samplerName: kernel.name, settings: kernel.settings, options: options,
                                  dimension: dimension, iteration: 0, stopReason: nil, warmupSeconds: 0,
                                  samplingSeconds: 0, chains: Array(repeating: ChainDraws(dimension: dimension), count: units),
                                  kernelState: state)
        }

        let total = options.totalIterations
        if file.iteration > total {  // an earlier, longer run: its prefix is exactly the requested run
            let keep = max(0, total - options.warmupIterations) / options.thin
            for c in file.chains.indices { file.chains[c].truncate(to: keep) }
            file.iteration = total
            file.stopReason = .budget
        }

        var lastWrite = Date()
        var maximumRHat: Double?
        var minimumBulkESS: Double?
        while file.iteration < total && file.stopReason == nil {
            let started = Date()
            kernel.step(&file.kernelState, iteration: file.iteration, warmupIterations: options.warmupIterations,
                        targets: pool)
            file.iteration += 1
            let seconds = Date().timeIntervalSince(started)
            let postWarmup = file.iteration - options.warmupIterations
            if postWarmup <= 0 { file.warmupSeconds += seconds } else { file.samplingSeconds += seconds }

            if postWarmup > 0 && postWarmup % options.thin == 0 {
                let points = kernel.currentPoints(of: file.kernelState)
                for c in 0..<units { file.chains[c].append(points[c]) }
            }
            if let rule = options.convergence, postWarmup > 0, postWarmup % rule.checkInterval == 0,
               file.chains[0].count >= 4 {
                let check = Self.convergence(of: file.chains, monitoring: execution.monitoredQuantities)
                maximumRHat = check.maximumRHat
                minimumBulkESS = check.minimumBulkESS
                if check.maximumRHat < rule.maximumRHat && check.minimumBulkESS >= rule.minimumBulkESS {
                    file.stopReason = .converged
                }
            }
            if let progress = execution.progress {
                let snapshot = SamplingProgress(
                    iteration: file.iteration, totalIterations: total, isWarmup: postWarmup <= 0,
                    keptDraws: file.chains[0].count,
                    counters: kernel.counters(of: file.kernelState).reduce(SamplerCounters(), +),
                    maximumRHat: maximumRHat, minimumBulkESS: minimumBulkESS)
                if progress(snapshot) == .stop && file.stopReason == nil { file.stopReason = .requested }
            }
            if let policy = execution.checkpoint, file.iteration < total, file.stopReason == nil {
                let byCount = policy.everyIterations.map { file.iteration % $0 == 0 } ?? false
                let byTime = policy.everySeconds.map { Date().timeIntervalSince(lastWrite) >= $0 } ?? false
                if byCount || byTime {
                    try file.write(to: policy.url)
                    lastWrite = Date()
                }
            }
        }
        if file.stopReason == nil { file.stopReason = .budget }
        if let policy = execution.checkpoint { try file.write(to: policy.url) }

        return SamplingResult(samplerName: kernel.name, settings: kernel.settings, options: options,
                              chains: file.chains, counters: kernel.counters(of: file.kernelState),
                              iterations: file.iteration, stopReason: file.stopReason ?? .budget,
                              warmupSeconds: file.warmupSeconds, samplingSeconds: file.samplingSeconds)
    }

    /// Largest rank-normalised split-R̂ and smallest bulk-ESS over the coordinates, or over
    /// `monitoring(draw)` when given (NaN counts as failing).
    static func convergence(of chains: [ChainDraws], monitoring: (([Double]) -> [Double])? = nil)
        -> (maximumRHat: Double, minimumBulkESS: Double) {
        var worstRHat = -Double.infinity
        var worstESS = Double.infinity
        let mapped: [[[Double]]]? = monitoring.map { map in chains.map { c in (0..<c.count).map { map(c.draw($0)) } } }
        let quantities = mapped?.first?.first?.count ?? chains.first?.dimension ?? 0
        for j in 0..<quantities {
            let traces = mapped.map { $0.map { draws in draws.map { $0[j] } } } ?? chains.map { $0.coordinate(j) }
            let rHat = Diagnostics.rankNormalizedSplitRHat(traces)
            let ess = Diagnostics.bulkEffectiveSampleSize(traces)
            worstRHat = rHat.isNaN ? .infinity : max(worstRHat, rHat)
            worstESS = ess.isNaN ? 0 : min(worstESS, ess)
        }
        return (worstRHat, worstESS)
    }

    private func checkCompatible(_ file: CheckpointFile<Kernel.State>, options: SamplingOptions, dimension: Int,
                                 url: URL) throws(InferenceError) {
        func mismatch(_ what: String, _ old: Any, _ new: Any) -> InferenceError {
            .incompatibleCheckpoint(path: url.path, reason: "\(what) is \(old) in the checkpoint but \(new) now")
        }
        if file.samplerName != kernel.name { throw mismatch("sampler", file.samplerName, kernel.name) }
        if file.settings != kernel.settings { throw mismatch("sampler settings", file.settings, kernel.settings) }
        if file.dimension != dimension { throw mismatch("dimension", file.dimension, dimension) }
        let old = file.options
        if old.seed != options.seed { throw mismatch("seed", old.seed, options.seed) }
        if old.chains != options.chains { throw mismatch("chains", old.chains, options.chains) }
        if old.warmupIterations != options.warmupIterations {
            throw mismatch("warm-up iterations", old.warmupIterations, options.warmupIterations)
        }
        if old.thin != options.thin { throw mismatch("thin", old.thin, options.thin) }
        if old.convergence != options.convergence {
            throw mismatch("convergence rule", String(describing: old.convergence), String(describing: options.convergence))
        }
    }

    /// Starting points and the generators (advanced past the initialisation draws), one per unit.
    private func initialPositions(_ initialization: Initialization, units: Int, dimension: Int,
                                  options: SamplingOptions, pool: WorkerPool<Kernel.Target>)
        throws(InferenceError) -> ([[Double]], [Xoshiro256StarStar]) {
        var slots = Xoshiro256StarStar.streams(seed: options.seed, count: units).map { InitialSlot(generator: $0) }
        let kernel = self.kernel
        let attempts = options.initializationAttempts
        switch initialization {
        case .draw(let draw):
            pool.forEach(&slots) { slot, target in
                for _ in 0..<attempts where !slot.isFinite {
                    slot.position = draw(&slot.generator)
                    precondition(slot.position.count == dimension,
                                 "initial draw has \(slot.position.count) coordinates, expected \(dimension)")
                    slot.isFinite = kernel.startingLogDensity(target, at: slot.position).isFinite
                }
            }
            if let bad = slots.firstIndex(where: { !$0.isFinite }) {
                throw .initializationFailed(unit: bad, attempts: attempts)
            }
        case .points(let points, let jitter):
            precondition(points.count == units || points.count == 1,
                         "need 1 or \(units) initial points (one per chain/walker), got \(points.count)")
            precondition(points.allSatisfy { $0.count == dimension }, "initial points must have \(dimension) coordinates")
            precondition(jitter >= 0, "jitter must be ≥ 0")
            for k in 0..<units { slots[k].position = points.count == 1 ? points[0] : points[k] }
            let tries = jitter > 0 ? attempts : 1
            pool.forEach(&slots) { slot, target in
                let center = slot.position
                for _ in 0..<tries where !slot.isFinite {
                    if jitter > 0 {
                        slot.position = center.map { $0 + jitter * Normal.standardSample(using: &slot.generator) }
                    }
                    slot.isFinite = kernel.startingLogDensity(target, at: slot.position).isFinite
                }
            }
            let bad = slots.indices.filter { !slots[$0].isFinite }
            if !bad.isEmpty {
                if jitter > 0 { throw .initializationFailed(unit: bad[0], attempts: tries) }
                throw .initialPositionsNotFinite(units: bad)
            }
        }
        return (slots.map(\.position), slots.map(\.generator))
    }
}

/// One chain's initialisation in progress.
private struct InitialSlot {
    var generator: Xoshiro256StarStar
    var position: [Double] = []
    var isFinite = false
}
