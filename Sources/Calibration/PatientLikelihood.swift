import Foundation
import Imaging
import Inference
import TumorModel

/// `log p(data | θ)` of one patient at one grid resolution, a function of the *free* parameters on the
/// natural scale (wrap it in ``Inference/Posterior`` for the sampler's unconstrained scale, or in
/// ``GrowthPosterior`` for the fast–slow sampler).
///
/// Forward model (``GrowthForwardMap``): one time-rescaled run for `κ = D_w/ρ` and the seed (the
/// expensive, "slow" part: ``trajectory(full:maximumRescaledTime:)``), read at `s = ρ(T + day)` for every
/// scan and size-table day (cheap). The log-likelihood is the sum of
/// - Bernoulli segmentation terms `Σ log p(y | c)` over the likelihood voxels for T1Gd (θ_T1) and FLAIR (θ_FL),
///   with the chosen link, σ_α and noise floor ε (``SegmentationLink``);
/// - Gaussian PET terms `PET ≈ c/b`, σ_PET (where the PET map is non-zero), and cellularity terms `c`, σ_c
///   (``GaussianObservation``);
/// - Gaussian log-volume terms for tabulated sizes (visible volume = voxels with `c ≥ θ` × voxel volume).
///
/// **Truncation** (a stated part of the model, so that a run for κ can be cut off where no data could
/// follow): the likelihood is zero for `s > s_cap` (``maximumRescaledTime``: `ρ_max·(T_max + last day)`
/// from the prior box, at most 100), and for tumours past the point where, for T1Gd or for FLAIR, the
/// region `c ≥ θ_max` (the upper bound of that segmentation's threshold prior) first exceeds a sphere of
/// radius `1.5·r + 3h` (r: the equivalent radius of the largest observed lesion of that kind, FLAIR
/// including T1Gd; h: the voxel size): there every admissible threshold predicts at least 3.4× the
/// observed volume of that kind, a likelihood many nats below the fit.
///
/// Never crashes and never returns NaN: invalid parameters or a non-finite result give `-infinity`.
public final class PatientLikelihood: LogDensity {
    public let observations: ObservationModel
    public let model: ResolvedModel
    let solver: ForwardSolver<Double>
    let counter: SolveCounter?
    private var densities: [Double]
    private var petScratch: [Double]
    /// `s_cap`: the largest rescaled time the likelihood reads.
    public let maximumRescaledTime: Double
    /// The truncation rules: threshold θ_max and voxel count, for T1Gd and for FLAIR when the data have
    /// them (empty: no segmentation or size data).
    public let truncation: [(threshold: Double, voxelCount: Double)]

    /// The slow part for one `(κ, seed)`.
    public enum Trajectory: Sendable {
        case ready(RescaledTrajectory<Double>)
        /// The parameters cannot be run (non-finite κ or seed) or the solve produced non-finite values.
        case invalid
    }

    public var dimension: Int { model.freeParameters.count }

    public init(observations: ObservationModel, model: ResolvedModel, counter: SolveCounter?, solverThreads: Int = 1) {
        self.observations = observations
        self.model = model
        self.counter = counter
        solver = observations.forwardMap.makeSolver(threads: solverThreads)
        densities = [Double](repeating: 0, count: observations.watchedVoxels.count)
        petScratch = [Double](repeating: 0, count: observations.scans.map { $0.petPositions?.count ?? 0 }.max() ?? 0)

        func upper(_ p: ModelParameter) -> Double {
            let e = model.entry(p)
            return e.fixedValue ?? e.prior?.supportBounds.upper ?? .infinity
        }
        let lastDay = observations.outputDays.last ?? 0
        let bound = upper(.proliferationRate) * (upper(.tumourAge) + lastDay)
        maximumRescaledTime = bound.isFinite ? min(bound, 100) : 100
        let usesT1 = observations.scans.contains { $0.t1Gd != nil } || observations.sizes.contains { $0.region == .t1gd }
        let usesFLAIR = observations.scans.contains { $0.flair != nil } || observations.sizes.contains { $0.region == .flair }
        let grid = observations.domain.workGrid
        let h = grid.voxelVolumeCubicMillimeters
        let spacing = grid.spacingMillimeters.x   // inference grids are isotropic (ObservationModel)
        func rule(threshold theta: Double, lesionVoxels: Double) -> (threshold: Double, voxelCount: Double)? {
            guard lesionVoxels > 0 else { return nil }
            let radius = Foundation.pow(3 * lesionVoxels * h / (4 * Double.pi), 1.0 / 3)
            let capRadius = 1.5 * radius + 3 * spacing
            return (min(theta, 1), 4 / 3 * Double.pi * capRadius * capRadius * capRadius / h)
        }
        truncation = [usesT1 ? rule(threshold: upper(.thresholdT1Gd), lesionVoxels: observations.largestT1GdLesionVoxelCount) : nil,
                      usesFLAIR ? rule(threshold: upper(.thresholdFLAIR), lesionVoxels: observations.largestFLAIRLesionVoxelCount) : nil]
            .compactMap { $0 }
    }

    /// The time-rescaled run for a full parameter vector (``ModelParameter`` order): it depends on
    /// `κ = D_w/ρ` and the seed only, keeps the watched voxels up to `min(s_max, s_cap)` and stops
    /// early by the truncation rule.
    public func trajectory(full p: [Double], maximumRescaledTime sMax: Double) -> Trajectory {
        trajectory(invasionLengthSquared: p[0] / p[1], seed: SIMD3(p[3], p[4], p[5]), maximumRescaledTime: sMax)
    }

    /// The time-rescaled run for `κ` (mm²) and a seed (world mm); see ``trajectory(full:maximumRescaledTime:)``.
    public func trajectory(invasionLengthSquared kappa: Double, seed: SIMD3<Double>, maximumRescaledTime sMax: Double) -> Trajectory {
        guard kappa > 0, kappa.isFinite, seed.x.isFinite, seed.y.isFinite, seed.z.isFinite, sMax.isFinite else { return .invalid }
        let start = DispatchTime.now().uptimeNanoseconds
        let rules = truncation.map { (threshold: $0.threshold, count: Int($0.voxelCount.rounded(.up))) }
        let stop: ((SolverStateView<Double>) -> Bool)? = rules.isEmpty ? nil : { state in rules.contains { state.count(atLeast: $0.threshold) >= $0.count } }
        let run = observations.forwardMap.trajectory(solver: solver, invasionLengthSquared: kappa, seed: seed,
                                                     voxels: observations.watchedVoxels,
                                                     maximumRescaledTime: max(0, min(sMax, maximumRescaledTime)), stop: stop)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        counter?.record(resolution: observations.resolutionMillimeters, elapsed: elapsed, failed: !run.isFinite)
        return run.isFinite ? .ready(run) : .invalid
    }

    /// The rescaled times `ρ(T + day)` of the output days, or nil if ρ or T is invalid.
    func rescaledTimes(full p: [Double]) -> [Double]? {
        let rho = p[1], age = p[2]
        guard rho > 0, age > 0, rho.isFinite, age.isFinite else { return nil }
        return observations.outputDays.map { rho * (age + $0) }
    }

    /// The log-likelihood at a full parameter vector, given the run for its κ and seed.
    public func logLikelihood(full p: [Double], given trajectory: Trajectory) -> Double {
        guard case .ready(let run) = trajectory, let times = rescaledTimes(full: p),
              times.allSatisfy({ $0 <= maximumRescaledTime && run.canRead(at: $0) }) else { return -.infinity }
        let thetaT1 = p[6], thetaFL = p[7], b = p[8], sigmaPET = p[9], sigmaAlpha = p[10]
        guard sigmaAlpha > 0, b > 0 else { return -.infinity }
        var total = 0.0
        let likelihoodCount = observations.voxels.count
        let eps = observations.epsilon, link = observations.link
        let days = observations.outputDays
        for scan in observations.scans {
            guard let k = days.firstIndex(of: scan.day) else { return -.infinity }
            run.values(at: times[k], into: &densities)
            densities.withUnsafeBufferPointer { all in
                let c = UnsafeBufferPointer(rebasing: all[0..<likelihoodCount])
                if let t1 = scan.t1Gd {
                    total += t1.withUnsafeBufferPointer { link.logLikelihood(densities: c, visible: $0, threshold: thetaT1, width: sigmaAlpha, noiseFloor: eps) }
                }
                if let fl = scan.flair {
                    total += fl.withUnsafeBufferPointer { link.logLikelihood(densities: c, visible: $0, threshold: thetaFL, width: sigmaAlpha, noiseFloor: eps) }
                }
                if let cell = scan.cellularity {
                    total += cell.withUnsafeBufferPointer { GaussianObservation.logLikelihood(predicted: c, observed: $0, scale: 1, standardDeviation: scan.cellularitySigma) }
                }
            }
            if let pet = scan.pet, let positions = scan.petPositions, !positions.isEmpty {
                guard sigmaPET > 0 else { return -.infinity }
                for (j, position) in positions.enumerated() { petScratch[j] = densities[position] }
                total += petScratch.withUnsafeBufferPointer { predicted in
                    pet.withUnsafeBufferPointer { observed in
                        GaussianObservation.logLikelihood(predicted: UnsafeBufferPointer(rebasing: predicted[0..<positions.count]), observed: observed,
                                                          scale: 1 / b, standardDeviation: sigmaPET)
                    }
                }
            }
        }
        let voxelVolume = observations.domain.workGrid.voxelVolumeCubicMillimeters
        for size in observations.sizes {
            guard let k = days.firstIndex(of: size.day) else { return -.infinity }
            run.values(at: times[k], into: &densities)
            let theta = size.region == .t1gd ? thetaT1 : thetaFL
            let count = densities.reduce(0) { $1 >= theta ? $0 + 1 : $0 }
            let predicted = log(max(Double(count), 0.5) * voxelVolume)
            let r = (log(size.volumeCubicMillimeters) - predicted) / size.sigmaLog
            total += -0.5 * r * r - log(size.sigmaLog) - 0.5 * log(2 * Double.pi)
        }
        return total.isFinite ? total : -.infinity
    }

    /// `log L` at the free parameters: the run to the last needed rescaled time, then the data terms.
    public func logDensity(_ free: [Double]) -> Double {
        guard free.allSatisfy({ $0.isFinite }) else { return -.infinity }
        let p = model.fullVector(free: free)
        guard let times = rescaledTimes(full: p), let last = times.last, last <= maximumRescaledTime else { return -.infinity }
        return logLikelihood(full: p, given: trajectory(full: p, maximumRescaledTime: last))
    }

    /// Forward run for a full parameter vector (``ModelParameter`` order): `c` on the work grid at each of
    /// ``ObservationModel/outputDays`` plus `extraDays` (sorted, without duplicates), or nil for invalid
    /// parameters. No truncation: predictions may run past the observed sizes.
    public func forward(full p: [Double], extraDays: [Double] = []) -> (days: [Double], snapshots: [[Double]])? {
        let dw = p[0], rho = p[1], age = p[2]
        guard dw > 0, rho > 0, age > 0, dw.isFinite, rho.isFinite, age.isFinite, p[3].isFinite, p[4].isFinite, p[5].isFinite else { return nil }
        let days = Array(Set(observations.outputDays + extraDays)).sorted()
        let start = DispatchTime.now().uptimeNanoseconds
        let snapshots = observations.forwardMap.fields(solver: solver, whiteMatterDiffusivity: dw, proliferationRate: rho, age: age,
                                                       seed: SIMD3(p[3], p[4], p[5]), days: days)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let ok = snapshots.allSatisfy { s in s.allSatisfy { $0.isFinite } }
        counter?.record(resolution: observations.resolutionMillimeters, elapsed: elapsed, failed: !ok)
        return ok ? (days, snapshots) : nil
    }
}
