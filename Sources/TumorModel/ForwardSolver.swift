import Dispatch
import Foundation
import Imaging

/// Counters of one solve.
public struct SolverStatistics: Sendable, Equatable, Codable {
    /// Time steps taken.
    public var steps = 0
    /// Voxel updates actually performed (Σ over steps of the active-box size).
    public var voxelUpdates = 0
    /// Voxels in the final active box.
    public var finalActiveVoxels = 0
    /// The largest time step used, days.
    public var largestTimeStep = 0.0

    public init() {}
}

/// The result of one solve: the density at each requested time (work grid of the domain), and
/// optionally each voxel's first time above given thresholds.
public struct ForwardSolution<Scalar: SolverScalar>: Sendable {
    /// The output times, days (or rescaled time `s` for a rescaled run).
    public var times: [Double]
    /// `c` at each output time, on ``TumorDomain/workGrid``.
    public var snapshots: [[Scalar]]
    /// For each requested threshold θ: per work-grid voxel the first time `c ≥ θ` (linear interpolation
    /// between steps; 0 if `c0 ≥ θ`; `+∞` if never before the last output time).
    public var crossingTimes: [[Double]]
    /// The thresholds of ``crossingTimes``.
    public var crossingThresholds: [Double]
    /// Counters.
    public var statistics: SolverStatistics
}

/// The 3-D proliferation–invasion solver (DESIGN.md §1) on a ``TumorDomain``.
///
/// Scheme: Strang splitting of the exact logistic flow and an explicit flux-form diffusion step
/// (harmonic face diffusivities, zero flux across the tissue boundary), with `Δt` chosen automatically
/// as `safety / (D_w·max_i Σ_faces k)` and shortened so that every output time is hit exactly. Two
/// consecutive reaction half steps are fused (`R(Δt/2)R(Δt/2) = R(Δt)`), so the stored state is
/// `a = R(Δt/2)·c`; outputs undo the half step. Work is restricted to the active box (see
/// ``SolverOptions/activeRegionThreshold``); z-slabs of it run on ``SolverOptions/threadCount``
/// threads, and each voxel's update does not depend on the partition, so results are bit-identical
/// for any thread count.
///
/// One solver owns its buffers (allocated once) and can be reused for many parameter sets; it is not
/// thread-safe, use one per thread.
public final class ForwardSolver<Scalar: SolverScalar> {
    /// The anatomy.
    public let domain: TumorDomain<Scalar>
    /// Numerical settings.
    public var options: SolverOptions

    private let count: Int
    private var current: UnsafeMutablePointer<Scalar>
    private var other: UnsafeMutablePointer<Scalar>
    private let kx: UnsafeMutablePointer<Scalar>, ky: UnsafeMutablePointer<Scalar>, kz: UnsafeMutablePointer<Scalar>
    /// The active box of the last solve (the only place the buffers may be non-zero).
    private var lastActive = VoxelBox.empty
    /// Per-slab results of one step, allocated once (no allocation in the time loop).
    private var slabResults = SlabResults(capacity: 1)

    /// Creates a solver for `domain`.
    public init(domain: TumorDomain<Scalar>, options: SolverOptions = SolverOptions()) {
        self.domain = domain
        self.options = options
        count = domain.workGrid.count
        current = .allocate(capacity: count)
        other = .allocate(capacity: count)
        for buffer in [current, other] {
            UnsafeMutableRawPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0,
                                                             count: count * MemoryLayout<Scalar>.stride)
        }
        func copy(_ a: [Scalar]) -> UnsafeMutablePointer<Scalar> {
            let p = UnsafeMutablePointer<Scalar>.allocate(capacity: a.count)
            a.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: bytes.count) }
            }
            return p
        }
        kx = copy(domain.faceX)
        ky = copy(domain.faceY)
        kz = copy(domain.faceZ)
    }

    deinit {
        current.deallocate(); other.deallocate(); kx.deallocate(); ky.deallocate(); kz.deallocate()
        slabResults.deallocate()
    }

    /// The automatic time step bound for `D_w` (days).
    public func maximumTimeStep(whiteMatterDiffusivity dw: Double) -> Double {
        min(options.timeStepSafety * domain.maximumStableTimeStep(whiteMatterDiffusivity: dw),
            options.maximumTimeStep ?? .infinity)
    }

    /// Solves from `initial` and returns `c` at each of `outputTimes` (days, ascending, ≥ 0).
    public func solve(parameters: GrowthParameters, initial: InitialCondition, outputTimes: [Double],
                      crossingThresholds: [Double] = []) -> ForwardSolution<Scalar> {
        solve(parameters: parameters, initialValues: initial.values(on: domain), outputTimes: outputTimes,
              crossingThresholds: crossingThresholds)
    }

    /// Solves from `initialValues` (work grid, in [0, 1], 0 outside tissue). `progress` is called after
    /// each output time. With `compactSnapshot`, each output is handed over as the active box and its
    /// values (x fastest; 0 outside the box) instead of being stored in ``ForwardSolution/snapshots``
    /// (which is then empty): memory stays proportional to the tumour, not the tissue box.
    public func solve(parameters: GrowthParameters, initialValues: [Double], outputTimes: [Double],
                      crossingThresholds: [Double] = [],
                      progress: ((_ time: Double) -> Void)? = nil,
                      compactSnapshot: ((_ index: Int, _ box: VoxelBox, _ values: [Scalar]) -> Void)? = nil) -> ForwardSolution<Scalar> {
        precondition(initialValues.count == count, "initial values must be on the work grid (\(count) voxels)")
        precondition(zip(outputTimes, outputTimes.dropFirst()).allSatisfy { $0 <= $1 } && (outputTimes.first ?? 0) >= 0,
                     "output times must be ascending and non-negative")
        precondition(crossingThresholds.allSatisfy { $0 > options.activeRegionThreshold && $0 <= 1 },
                     "crossing thresholds must lie in (active-region threshold, 1]")
        let dw = parameters.whiteMatterDiffusivity, rho = parameters.proliferationRate
        let dtMax = maximumTimeStep(whiteMatterDiffusivity: dw)
        let isStrang = options.reaction == .strangExactLogistic
        let threshold = Scalar(options.activeRegionThreshold)
        var statistics = SolverStatistics()
        var active = prepare(initialValues: initialValues)

        var crossing: [[Double]] = crossingThresholds.map { theta in
            initialValues.map { $0 >= theta ? 0 : .infinity }
        }
        var snapshots: [[Scalar]] = []
        var compactCount = 0
        var time = 0.0
        var shift = 0.0   // the stored state is R(shift)·c (Strang), shift = Δt/2 of the current segment
        var started = false

        for target in outputTimes {
            let span = target - time
            for (dt, steps) in Self.stepSchedule(span: span, maximumStep: dtMax, policy: options.stepping)
            where steps > 0 && !active.isEmpty {
                statistics.largestTimeStep = max(statistics.largestTimeStep, dt)
                if isStrang && dt / 2 != shift {
                    applyLogisticFlow(growth: exp(rho * (dt / 2 - shift)), box: active)
                    shift = dt / 2
                }
                if !started { copy(active, from: current, to: other); started = true }
                let step = StepSettings(dt: dt, dw: dw, rho: rho, isStrang: isStrang, threshold: threshold)
                let back = isStrang ? exp(-rho * shift) : 1
                for _ in 1...steps {
                    takeStep(step, active: &active, statistics: &statistics) { old, new, box in
                        for k in crossingThresholds.indices {
                            crossing[k].withUnsafeMutableBufferPointer { times in
                                guard let base = times.baseAddress else { return }
                                StencilKernel.recordCrossings(old: old, new: new, times: base,
                                                              theta: crossingThresholds[k], back: back, start: time, dt: dt,
                                                              box: box, strideY: domain.workGrid.shape.x,
                                                              strideZ: domain.workGrid.shape.x * domain.workGrid.shape.y)
                            }
                        }
                    }
                    time += dt
                }
            }
            time = target
            if let compactSnapshot {
                compactSnapshot(snapshots.count + compactCount, active, boxDensity(in: active, shift: isStrang ? shift : 0, rho: rho))
                compactCount += 1
            } else {
                snapshots.append(density(in: active, shift: isStrang ? shift : 0, rho: rho))
            }
            progress?(time)
        }
        statistics.finalActiveVoxels = active.count
        return ForwardSolution(times: outputTimes, snapshots: snapshots, crossingTimes: crossing,
                               crossingThresholds: crossingThresholds, statistics: statistics)
    }

    /// Solves with equal steps of `step` days from `initialValues` (work grid, in [0, 1], 0 outside
    /// tissue) and calls `observe(j, state)` at every node `t_j = j·step`, from `j = 0` (the initial
    /// state) to `maximumSteps` or until `observe` returns false.
    ///
    /// The step sequence does not depend on how far the run goes, so node `j` is the same state whether
    /// the run stops there or continues: the time-rescaled runs (``RescaledTrajectory``) rely on this, so
    /// that a value read at node j is a function of the parameters alone.
    /// - Precondition: `0 < step ≤` the explicit stability limit for `D_w`
    ///   (``TumorDomain/maximumStableTimeStep(whiteMatterDiffusivity:)``).
    /// - Parameter observe: gets a view of `c` valid only during the call.
    @discardableResult
    public func solveUniformSteps(parameters: GrowthParameters, initialValues: [Double], step dt: Double, maximumSteps: Int,
                                  observe: (_ node: Int, _ state: SolverStateView<Scalar>) -> Bool) -> SolverStatistics {
        precondition(initialValues.count == count, "initial values must be on the work grid (\(count) voxels)")
        let dw = parameters.whiteMatterDiffusivity, rho = parameters.proliferationRate
        precondition(dt > 0 && dt <= domain.maximumStableTimeStep(whiteMatterDiffusivity: dw) * (1 + 1e-12),
                     "step \(dt) outside (0, stability limit \(domain.maximumStableTimeStep(whiteMatterDiffusivity: dw))]")
        precondition(maximumSteps >= 0, "maximumSteps must be ≥ 0")
        let isStrang = options.reaction == .strangExactLogistic
        var statistics = SolverStatistics()
        statistics.largestTimeStep = dt
        var active = prepare(initialValues: initialValues)
        func view(_ time: Double, shift: Double) -> SolverStateView<Scalar> {
            SolverStateView(buffer: UnsafePointer(current), backGrowth: Scalar(exp(-rho * shift)), forwardGrowth: exp(rho * shift),
                            time: time, activeBox: active, grid: domain.workGrid)
        }
        guard observe(0, view(0, shift: 0)), maximumSteps > 0 else { return statistics }
        let shift = isStrang ? dt / 2 : 0
        if isStrang { applyLogisticFlow(growth: exp(rho * shift), box: active) }
        copy(active, from: current, to: other)
        let settings = StepSettings(dt: dt, dw: dw, rho: rho, isStrang: isStrang, threshold: Scalar(options.activeRegionThreshold))
        for j in 1...maximumSteps {
            if !active.isEmpty { takeStep(settings, active: &active, statistics: &statistics) { _, _, _ in } }
            if !observe(j, view(Double(j) * dt, shift: shift)) { break }
        }
        statistics.finalActiveVoxels = active.count
        return statistics
    }

    /// A snapshot as a volume on the patient grid (0 outside the work box).
    public func patientVolume(_ values: [Scalar]) -> Volume<Scalar> {
        domain.patientVolume(from: values, zero: 0)
    }

    /// The time steps that cover `span` days: `(Δt, count)` pairs, in order.
    ///
    /// - ``SteppingPolicy/equalSteps``: `n = ⌈span/Δt_max⌉` equal steps of `span/n`. Simple, but `n` jumps
    ///   as the span or `D_w` changes, so the solution is discontinuous in (D_w, ρ, T) at the level of the
    ///   time-discretisation error.
    /// - ``SteppingPolicy/fullStepsWithRemainder``: `⌊span/Δt_max⌋` steps of `Δt_max` and one shorter last
    ///   step. As the span grows the last step grows continuously from 0 to `Δt_max` and then becomes a
    ///   full step, so the solution is a continuous function of the parameters (and `D_w·Δt_max` is the same
    ///   for every `D_w`): a smooth likelihood surface for the samplers.
    static func stepSchedule(span: Double, maximumStep dtMax: Double, policy: SteppingPolicy) -> [(Double, Int)] {
        guard span > 0 else { return [] }
        switch policy {
        case .equalSteps:
            let n = max(1, Int((span / dtMax * (1 - 1e-12)).rounded(.up)))
            return [(span / Double(n), n)]
        case .fullStepsWithRemainder:
            let full = Int((span / dtMax).rounded(.down))
            let remainder = span - Double(full) * dtMax
            var schedule: [(Double, Int)] = full > 0 ? [(dtMax, full)] : []
            if remainder > dtMax * 1e-12 { schedule.append((remainder, 1)) }
            return schedule.isEmpty ? [(span, 1)] : schedule
        }
    }

    // MARK: - internals

    /// What one time step needs.
    private struct StepSettings {
        var dt: Double, dw: Double, rho: Double, isStrang: Bool, threshold: Scalar
    }

    /// Forgets the previous solve and loads `initialValues`; returns the initial active box (the support
    /// of c0 plus the margin, so every voxel outside it is 0 and stays 0 until the box reaches it).
    private func prepare(initialValues: [Double]) -> VoxelBox {
        if slabResults.capacity < options.threadCount {
            slabResults.deallocate()
            slabResults = SlabResults(capacity: options.threadCount)
        }
        // Outside the active box both buffers hold 0.
        clear(lastActive, current)
        clear(lastActive, other)
        let g = domain.workGrid
        let interiorLow = SIMD3<Int>(1, 1, 1), interiorHigh = g.shape &- 2
        var support = VoxelBox.empty
        for z in 1...interiorHigh.z {
            for y in 1...interiorHigh.y {
                let row = g.index(0, y, z)
                var first = -1, last = -1
                for x in 1...interiorHigh.x where initialValues[row + x] != 0 {
                    if first < 0 { first = x }
                    last = x
                }
                if first >= 0 { support = support.union(VoxelBox(lower: SIMD3(first, y, z), upper: SIMD3(last, y, z))) }
            }
        }
        let active = support.expanded(by: options.activeRegionMargin, clampedTo: interiorLow, interiorHigh)
        forEachRow(of: active) { base, length in
            for i in base..<(base + length) { current[i] = Scalar(initialValues[i]) }
        }
        lastActive = active
        return active
    }

    /// `c ← R(τ)c` over `box` of the current buffer, `growth = e^{ρτ}`.
    private func applyLogisticFlow(growth: Double, box: VoxelBox) {
        let g = domain.workGrid
        StencilKernel.logisticFlow(current, growth: Scalar(growth), box: box, strideY: g.shape.x, strideZ: g.shape.x * g.shape.y)
    }

    /// One step over the active box (`current` → `other`, then swapped), growing the box where c passed
    /// the threshold; `inspect(old, new, box)` sees both buffers and the updated box before the swap
    /// (crossing times).
    private func takeStep(_ s: StepSettings, active: inout VoxelBox, statistics: inout SolverStatistics,
                          inspect: (UnsafePointer<Scalar>, UnsafePointer<Scalar>, VoxelBox) -> Void) {
        let g = domain.workGrid
        let reaction: StencilKernel.Reaction<Scalar> = s.isStrang
            ? .exactLogistic(growth: Scalar(exp(s.rho * s.dt)))
            : .forwardEuler(rateTimesStep: Scalar(s.rho * s.dt))
        let region = parallelUpdate(box: active, alpha: Scalar(s.dw * s.dt), reaction: reaction, threshold: s.threshold)
        statistics.steps += 1
        statistics.voxelUpdates += active.count
        inspect(UnsafePointer(current), UnsafePointer(other), active)
        let grown = active.union(region.expanded(by: options.activeRegionMargin, clampedTo: SIMD3(1, 1, 1), g.shape &- 2))
        if grown != active {
            // Newly covered voxels are 0 in both buffers (never written), so nothing to copy.
            active = grown
            lastActive = active
        }
        swap(&current, &other)
    }

    /// Calls `body(firstIndex, length)` for each x-row of `box`.
    private func forEachRow(of box: VoxelBox, _ body: (Int, Int) -> Void) {
        if box.isEmpty { return }
        let g = domain.workGrid
        let length = box.upper.x - box.lower.x + 1
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y { body(g.index(box.lower.x, y, z), length) }
        }
    }

    /// Sets `box` of `buffer` to 0 (all-zero bits are +0.0 for IEEE types).
    private func clear(_ box: VoxelBox, _ buffer: UnsafeMutablePointer<Scalar>) {
        let size = MemoryLayout<Scalar>.stride
        forEachRow(of: box) { base, length in
            UnsafeMutableRawPointer(buffer + base).initializeMemory(as: UInt8.self, repeating: 0, count: length * size)
        }
    }

    /// Copies `box` between buffers.
    private func copy(_ box: VoxelBox, from source: UnsafeMutablePointer<Scalar>, to destination: UnsafeMutablePointer<Scalar>) {
        let size = MemoryLayout<Scalar>.stride
        forEachRow(of: box) { base, length in
            UnsafeMutableRawPointer(destination + base).copyMemory(from: UnsafeRawPointer(source + base), byteCount: length * size)
        }
    }

    /// `c = R(−shift)·a` over `box` only, rows x fastest.
    private func boxDensity(in box: VoxelBox, shift: Double, rho: Double) -> [Scalar] {
        if box.isEmpty { return [] }
        let size = MemoryLayout<Scalar>.stride
        let n = box.count
        let length = box.upper.x - box.lower.x + 1, height = box.upper.y - box.lower.y + 1
        return [Scalar](unsafeUninitializedCapacity: n) { buffer, initialized in
            guard let out = buffer.baseAddress else { initialized = 0; return }
            var row = 0
            forEachRow(of: box) { base, _ in
                UnsafeMutableRawPointer(out + row * length).copyMemory(from: UnsafeRawPointer(current + base), byteCount: length * size)
                row += 1
            }
            if shift != 0 {
                let local = VoxelBox(lower: .zero, upper: box.upper &- box.lower)
                StencilKernel.logisticFlow(out, growth: Scalar(exp(-rho * shift)), box: local, strideY: length, strideZ: length * height)
            }
            initialized = n
        }
    }

    /// `c = R(−shift)·a` on the work grid: 0 outside the active box, where every value is 0.
    private func density(in box: VoxelBox, shift: Double, rho: Double) -> [Scalar] {
        let size = MemoryLayout<Scalar>.stride
        return [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let out = buffer.baseAddress else { initialized = 0; return }
            UnsafeMutableRawPointer(out).initializeMemory(as: UInt8.self, repeating: 0, count: count * size)
            copy(box, from: current, to: out)
            if shift != 0 {
                StencilKernel.logisticFlow(out, growth: Scalar(exp(-rho * shift)), box: box,
                                           strideY: domain.workGrid.shape.x,
                                           strideZ: domain.workGrid.shape.x * domain.workGrid.shape.y)
            }
            initialized = count
        }
    }

    /// One step over `box`, z-slabs in parallel; returns the box where the new c exceeds `threshold`.
    private func parallelUpdate(box: VoxelBox, alpha: Scalar, reaction: StencilKernel.Reaction<Scalar>,
                                threshold: Scalar) -> VoxelBox {
        let g = domain.workGrid
        let buffers = StencilKernel.Buffers(input: UnsafePointer(current), output: other,
                                            kx: UnsafePointer(kx), ky: UnsafePointer(ky), kz: UnsafePointer(kz),
                                            strideY: g.shape.x, strideZ: g.shape.x * g.shape.y)
        let depth = box.upper.z - box.lower.z + 1
        let slabs = min(options.threadCount, depth)
        if slabs <= 1 {
            return StencilKernel.updateSlab(buffers, box: box, zRange: box.lower.z..<(box.upper.z + 1),
                                            alpha: alpha, reaction: reaction, threshold: threshold)
        }
        let results = slabResults
        results.reset(slabs)
        DispatchQueue.concurrentPerform(iterations: slabs) { k in
            let z0 = box.lower.z + depth * k / slabs, z1 = box.lower.z + depth * (k + 1) / slabs
            results.store(k, StencilKernel.updateSlab(buffers, box: box, zRange: z0..<z1, alpha: alpha,
                                                      reaction: reaction, threshold: threshold))
        }
        return results.union(slabs)
    }
}

/// Per-slab results written by disjoint workers, joined in slab order.
private struct SlabResults: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<VoxelBox>
    let capacity: Int
    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: .empty, count: capacity)
    }
    func reset(_ count: Int) {
        precondition(count <= capacity, "more slabs than slots")
        for k in 0..<count { pointer[k] = .empty }
    }
    func store(_ k: Int, _ box: VoxelBox) { pointer[k] = box }
    func union(_ count: Int) -> VoxelBox { (0..<count).reduce(VoxelBox.empty) { $0.union(pointer[$1]) } }
    func deallocate() { pointer.deallocate() }
}
