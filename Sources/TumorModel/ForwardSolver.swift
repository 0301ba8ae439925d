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
    public var crossingTimes: [[Scalar]]
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

    /// Creates a solver for `domain`.
    public init(domain: TumorDomain<Scalar>, options: SolverOptions = SolverOptions()) {
        self.domain = domain
        self.options = options
        count = domain.workGrid.count
        current = .allocate(capacity: count)
        other = .allocate(capacity: count)
        func copy(_ a: [Scalar]) -> UnsafeMutablePointer<Scalar> {
            let p = UnsafeMutablePointer<Scalar>.allocate(capacity: a.count)
            p.initialize(from: a, count: a.count)
            return p
        }
        kx = copy(domain.faceX)
        ky = copy(domain.faceY)
        kz = copy(domain.faceZ)
    }

    deinit {
        current.deallocate(); other.deallocate(); kx.deallocate(); ky.deallocate(); kz.deallocate()
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

    /// Solves from `initialValues` (work grid, in [0, 1], 0 outside tissue).
    public func solve(parameters: GrowthParameters, initialValues: [Double], outputTimes: [Double],
                      crossingThresholds: [Double] = [],
                      progress: ((_ time: Double) -> Void)? = nil) -> ForwardSolution<Scalar> {
        precondition(initialValues.count == count, "initial values must be on the work grid (\(count) voxels)")
        precondition(zip(outputTimes, outputTimes.dropFirst()).allSatisfy { $0 <= $1 } && (outputTimes.first ?? 0) >= 0,
                     "output times must be ascending and non-negative")
        precondition(crossingThresholds.allSatisfy { $0 > options.activeRegionThreshold && $0 <= 1 },
                     "crossing thresholds must lie in (active-region threshold, 1]")
        let dw = parameters.whiteMatterDiffusivity, rho = parameters.proliferationRate
        let dtMax = maximumTimeStep(whiteMatterDiffusivity: dw)
        let isStrang = options.reaction == .strangExactLogistic
        let threshold = Scalar(options.activeRegionThreshold)
        let s = domain.workGrid.shape
        let interiorLow = SIMD3<Int>(1, 1, 1), interiorHigh = s &- 2
        var statistics = SolverStatistics()

        for i in 0..<count { current[i] = Scalar(initialValues[i]) }
        // Initial active box: where c0 > threshold (or c0 > 0 if that is empty), plus the margin.
        var seedRegion = VoxelBox.empty, supportRegion = VoxelBox.empty
        for z in 1...interiorHigh.z {
            for y in 1...interiorHigh.y {
                for x in 1...interiorHigh.x {
                    let v = current[domain.workGrid.index(x, y, z)]
                    let p = VoxelBox(lower: SIMD3(x, y, z), upper: SIMD3(x, y, z))
                    if v > threshold { seedRegion = seedRegion.union(p) }
                    if v > 0 { supportRegion = supportRegion.union(p) }
                }
            }
        }
        var active = (seedRegion.isEmpty ? supportRegion : seedRegion)
            .expanded(by: options.activeRegionMargin, clampedTo: interiorLow, interiorHigh)

        var crossing: [[Scalar]] = crossingThresholds.map { theta in
            (0..<count).map { Double(current[$0]) >= theta ? 0 : Scalar.infinity }
        }
        var snapshots: [[Scalar]] = []
        var time = 0.0
        var shift = 0.0   // the stored state is R(shift)·c (Strang), shift = Δt/2 of the current segment

        for target in outputTimes {
            let span = target - time
            let steps = span > 0 ? max(1, Int((span / dtMax * (1 - 1e-12)).rounded(.up))) : 0
            if steps > 0 && !active.isEmpty {
                let dt = span / Double(steps)
                statistics.largestTimeStep = max(statistics.largestTimeStep, dt)
                if isStrang {
                    let newShift = dt / 2
                    if shift == 0 {
                        applyLogisticFlow(rho * newShift, in: VoxelBox(lower: .zero, upper: s &- 1), current)
                    } else if newShift != shift {
                        applyLogisticFlow(rho * (newShift - shift), in: active, current)
                    }
                    shift = newShift
                }
                if statistics.steps == 0 { other.update(from: current, count: count) }
                let alpha = Scalar(dw * dt)
                let reaction: StencilKernel.Reaction<Scalar> = isStrang
                    ? .exactLogistic(growth: Scalar(exp(rho * dt)))
                    : .forwardEuler(rateTimesStep: Scalar(rho * dt))
                let back = isStrang ? Scalar(exp(-rho * shift)) : 1
                for step in 1...steps {
                    let region = parallelUpdate(box: active, alpha: alpha, reaction: reaction, threshold: threshold)
                    statistics.steps += 1
                    statistics.voxelUpdates += active.count
                    let stepStart = time + Double(step - 1) * dt
                    for (k, theta) in crossingThresholds.enumerated() {
                        recordCrossings(&crossing[k], theta: Scalar(theta), box: active, back: back,
                                        start: stepStart, dt: dt)
                    }
                    active = active.union(region.expanded(by: options.activeRegionMargin,
                                                          clampedTo: interiorLow, interiorHigh))
                    swap(&current, &other)
                }
            }
            time = target
            snapshots.append(currentDensity(shift: isStrang ? shift : 0, rho: rho))
            progress?(time)
        }
        statistics.finalActiveVoxels = active.count
        return ForwardSolution(times: outputTimes, snapshots: snapshots, crossingTimes: crossing,
                               crossingThresholds: crossingThresholds, statistics: statistics)
    }

    /// A snapshot as a volume on the patient grid (0 outside the work box).
    public func patientVolume(_ values: [Scalar]) -> Volume<Scalar> {
        domain.patientVolume(from: values, zero: 0)
    }

    // MARK: - internals

    /// `c = R(−shift)·a` over the whole work grid.
    private func currentDensity(shift: Double, rho: Double) -> [Scalar] {
        if shift == 0 { return Array(UnsafeBufferPointer(start: current, count: count)) }
        let e = Scalar(exp(-rho * shift)), em1 = e - 1
        return (0..<count).map { i in
            let a = current[i]
            return a * e / (1 + a * em1)
        }
    }

    /// `c ← R(τ/ρ)·c`, the exact logistic flow over rescaled time `τ = ρ·Δt` (τ may be negative).
    private func applyLogisticFlow(_ tau: Double, in box: VoxelBox, _ buffer: UnsafeMutablePointer<Scalar>) {
        let e = Scalar(exp(tau)), em1 = e - 1
        let g = domain.workGrid
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                for i in g.index(box.lower.x, y, z)...g.index(box.upper.x, y, z) {
                    let c = buffer[i]
                    buffer[i] = c * e / (1 + c * em1)
                }
            }
        }
    }

    /// First crossings of θ during the step just taken (`current` → `other`), by linear interpolation
    /// of the un-shifted densities.
    private func recordCrossings(_ times: inout [Scalar], theta: Scalar, box: VoxelBox, back: Scalar,
                                 start: Double, dt: Double) {
        let g = domain.workGrid
        let bm1 = back - 1
        let t0 = Scalar(start), h = Scalar(dt)
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                for i in g.index(box.lower.x, y, z)...g.index(box.upper.x, y, z) where times[i] == .infinity {
                    let aNew = other[i]
                    let new = aNew * back / (1 + aNew * bm1)
                    guard new >= theta else { continue }
                    let aOld = current[i]
                    let old = aOld * back / (1 + aOld * bm1)
                    let fraction = new > old ? (theta - old) / (new - old) : 1
                    times[i] = t0 + h * min(max(fraction, 0), 1)
                }
            }
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
        let results = SlabResults(count: slabs)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: slabs) { k in
            let z0 = box.lower.z + depth * k / slabs, z1 = box.lower.z + depth * (k + 1) / slabs
            results.store(k, StencilKernel.updateSlab(buffers, box: box, zRange: z0..<z1, alpha: alpha,
                                                      reaction: reaction, threshold: threshold))
        }
        return results.union()
    }
}

/// Per-slab results written by disjoint workers, joined in slab order.
private struct SlabResults: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<VoxelBox>
    let count: Int
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: .empty, count: count)
    }
    func store(_ k: Int, _ box: VoxelBox) { pointer[k] = box }
    func union() -> VoxelBox { (0..<count).reduce(VoxelBox.empty) { $0.union(pointer[$1]) } }
    func deallocate() { pointer.deallocate() }
}
