import Foundation
import Imaging
import Inference
import TumorModel

/// `log p(data | θ)` of one patient at one grid resolution, a function of the *free* parameters on the
/// natural scale (wrap it in ``Inference/Posterior`` for the sampler's unconstrained scale).
///
/// For each call: one forward solve (``TumorModel/ForwardSolver``, reused: one instance per sampler
/// worker, as the Inference threading contract provides) from a Gaussian blob at the seed, output at
/// `T + day` for every scan and size-table day; then the sum of
/// - Bernoulli segmentation terms `Σ log p(y | c)` over the likelihood voxels for T1Gd (θ_T1) and FLAIR (θ_FL),
///   with the chosen link, σ_α and noise floor ε (``SegmentationLink``);
/// - Gaussian PET terms `PET ≈ c/b`, σ_PET (where the PET map is non-zero), and cellularity terms `c`, σ_c
///   (``GaussianObservation``);
/// - Gaussian log-volume terms for tabulated sizes (visible volume = voxels with `c ≥ θ` × voxel volume).
///
/// Never crashes and never returns NaN: invalid parameters or a non-finite result give `-infinity`.
public final class PatientLikelihood: LogDensity {
    public let observations: ObservationModel
    public let model: ResolvedModel
    let solver: ForwardSolver<Double>
    let counter: SolveCounter?
    private var densities: [Double]
    private var petScratch: [Double]

    public var dimension: Int { model.freeParameters.count }

    public init(observations: ObservationModel, model: ResolvedModel, counter: SolveCounter?, solverThreads: Int = 1) {
        self.observations = observations
        self.model = model
        self.counter = counter
        // c below 1e-6 never changes a visibility decision (θ ≥ 0.05); restricting updates to where c > 1e-6
        // (plus the margin) keeps solves proportional to the tumour, not the brain.
        solver = ForwardSolver(domain: observations.domain, options: SolverOptions(threadCount: solverThreads, maximumTimeStep: observations.maximumTimeStepDays,
                                                                                   activeRegionThreshold: 1e-6))
        densities = [Double](repeating: 0, count: observations.voxels.count)
        petScratch = [Double](repeating: 0, count: observations.scans.map { $0.petPositions?.count ?? 0 }.max() ?? 0)
    }

    /// Forward run for a full parameter vector (``ModelParameter`` order): `c` on the work grid at each of
    /// ``ObservationModel/outputDays`` (plus `extraDays`), or nil for invalid parameters.
    public func forward(full p: [Double], extraDays: [Double] = []) -> (days: [Double], snapshots: [[Double]])? {
        let dw = p[0], rho = p[1], age = p[2]
        guard dw > 0, rho > 0, age > 0, dw.isFinite, rho.isFinite, age.isFinite, p[3].isFinite, p[4].isFinite, p[5].isFinite else { return nil }
        let days = Array(Set(observations.outputDays + extraDays)).sorted()
        let start = DispatchTime.now().uptimeNanoseconds
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: dw, proliferationRate: rho),
                                    initial: observations.initialCondition(seed: SIMD3(p[3], p[4], p[5])),
                                    outputTimes: days.map { age + $0 })
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let ok = solution.snapshots.allSatisfy { s in s.allSatisfy { $0.isFinite } }
        counter?.record(resolution: observations.resolutionMillimeters, elapsed: elapsed, failed: !ok)
        return ok ? (days, solution.snapshots) : nil
    }

    public func logDensity(_ free: [Double]) -> Double {
        guard free.allSatisfy({ $0.isFinite }) else { return -.infinity }
        let p = model.fullVector(free: free)
        let thetaT1 = p[6], thetaFL = p[7], b = p[8], sigmaPET = p[9], sigmaAlpha = p[10]
        guard sigmaAlpha > 0, b > 0 else { return -.infinity }
        guard let run = forward(full: p) else { return -.infinity }
        var total = 0.0
        let voxels = observations.voxels
        let eps = observations.epsilon, link = observations.link
        for scan in observations.scans {
            guard let k = run.days.firstIndex(of: scan.day) else { return -.infinity }
            let c = run.snapshots[k]
            for j in voxels.indices { densities[j] = c[voxels[j]] }
            if let t1 = scan.t1Gd {
                total += link.logLikelihood(densities: densities, visible: t1, threshold: thetaT1, width: sigmaAlpha, noiseFloor: eps)
            }
            if let fl = scan.flair {
                total += link.logLikelihood(densities: densities, visible: fl, threshold: thetaFL, width: sigmaAlpha, noiseFloor: eps)
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
            if let cell = scan.cellularity {
                total += GaussianObservation.logLikelihood(predicted: densities, observed: cell, scale: 1, standardDeviation: scan.cellularitySigma)
            }
        }
        let voxelVolume = observations.domain.workGrid.voxelVolumeCubicMillimeters
        for size in observations.sizes {
            guard let k = run.days.firstIndex(of: size.day) else { return -.infinity }
            let theta = size.region == .t1gd ? thetaT1 : thetaFL
            let count = run.snapshots[k].reduce(0) { $1 >= theta ? $0 + 1 : $0 }
            let predicted = log(max(Double(count), 0.5) * voxelVolume)
            let r = (log(size.volumeCubicMillimeters) - predicted) / size.sigmaLog
            total += -0.5 * r * r - log(size.sigmaLog) - 0.5 * log(2 * Double.pi)
        }
        return total.isFinite ? total : -.infinity
    }
}
