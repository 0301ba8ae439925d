import Foundation
import Imaging
import Testing
@testable import TumorModel

@Suite struct RescaledRunTests {
    /// κ = 10 mm²; (ρ, T) = (0.02/day, 200 days) and (0.05/day, 100 days), i.e. s = 4 and 5. The rescaled
    /// run (Δs = 0.5 between snapshots) takes the same steps as direct runs with Δt = Δs_step/ρ, so the
    /// states must agree to round-off (1e-12, Float64) on a heterogeneous 16³ anatomy.
    @Test func rescaledRunReproducesDirectRuns() {
        let domain = TumorDomain<Double>(tissue: syntheticTissue(16))
        let initial = InitialCondition.gaussian(center: .voxel(SIMD3(7.5, 7.5, 7.5)), sigmaMillimeters: 1.5, amplitude: 0.3)
        let c0 = initial.values(on: domain)
        let kappa = 10.0
        // Equal steps on both sides, so the rescaled run and the direct runs take the same steps.
        var options = SolverOptions()
        options.stepping = .equalSteps
        let solver = ForwardSolver(domain: domain, options: options)
        let run = RescaledRun(solver: solver, invasionLengthSquared: kappa, initialValues: c0,
                              maximumRescaledTime: 6, snapshotSpacing: 0.5)
        #expect(run.snapshots.count == 13)   // s = 0, 0.5, …, 6
        let sStep = 0.5 / (0.5 / solver.maximumTimeStep(whiteMatterDiffusivity: kappa)).rounded(.up)
        for (rho, t) in [(0.02, 200.0), (0.05, 100.0)] {
            var directOptions = SolverOptions(maximumTimeStep: sStep / rho)
            directOptions.stepping = .equalSteps
            let direct = ForwardSolver(domain: domain, options: directOptions)
                .solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa * rho, proliferationRate: rho),
                       initialValues: c0, outputTimes: [t]).snapshots[0]
            let rescaled = run.state(proliferationRate: rho, day: t)
            let difference = zip(direct, rescaled).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-12, "ρ=\(rho): max |Δc| = \(difference)")
            #expect((direct.max() ?? 0) > 0.3)
        }
        // Between snapshots (s = 4.3): cubic interpolation vs a direct run with its own automatic steps;
        // they differ by the time-integration error (first order, ≈ 1e-3 here) plus interpolation error.
        let rho = 0.043
        let direct = ForwardSolver(domain: domain)
            .solve(parameters: GrowthParameters(whiteMatterDiffusivity: kappa * rho, proliferationRate: rho),
                   initialValues: c0, outputTimes: [100]).snapshots[0]
        let between = run.state(proliferationRate: rho, day: 100)
        let difference = zip(direct, between).map { abs($0 - $1) }.max() ?? 0
        print("rescaled between snapshots: max |Δc| = \(difference)")
        #expect(difference < 5e-3)
    }

    /// First-crossing times of a spatially uniform field follow the logistic law
    /// `s_θ = ln(θ(1−c0) / (c0(1−θ)))`; linear interpolation within a step of Δs ≈ 0.016 must give them
    /// to 1e-3.
    @Test func crossingTimesMatchLogisticLaw() {
        let domain: TumorDomain<Double> = homogeneousDomain(5)
        let c0 = 0.01
        let initial = domain.isTissue.map { $0 ? c0 : 0 }
        let run = RescaledRun(solver: ForwardSolver(domain: domain), invasionLengthSquared: 10, initialValues: initial,
                              maximumRescaledTime: 8, snapshotSpacing: 1, crossingThresholds: [0.25, 0.8])
        let i = domain.workGrid.index(2, 3, 4)
        for (k, theta) in [0.25, 0.8].enumerated() {
            let exact = log(theta * (1 - c0) / (c0 * (1 - theta)))
            #expect(abs(run.crossingTimes[k][i] - exact) < 1e-3, "θ=\(theta): \(run.crossingTimes[k][i]) vs \(exact)")
            #expect(abs(run.crossingDays(thresholdIndex: k, proliferationRate: 0.02)[i] - exact / 0.02) < 0.05)
        }
    }
}
