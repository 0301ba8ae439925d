import Foundation
import Imaging
import Testing
@testable import TumorModel

/// The step schedule decides whether the solution is a continuous function of the parameters. With
/// Δt_max = 1 day, a final time just below and just above 10 days crosses the point where equal steps
/// go from 10 to 11 steps: the remainder policy changes c by O(ε), equal steps by the discretisation error.
@Test func remainderSteppingIsContinuousInTheFinalTime() {
    #expect(ForwardSolver<Double>.stepSchedule(span: 10.5, maximumStep: 1, policy: .fullStepsWithRemainder).map { $0.1 } == [10, 1])
    #expect(abs(ForwardSolver<Double>.stepSchedule(span: 10.5, maximumStep: 1, policy: .fullStepsWithRemainder)[1].0 - 0.5) < 1e-12)
    #expect(ForwardSolver<Double>.stepSchedule(span: 10.5, maximumStep: 1, policy: .equalSteps).map { $0.1 } == [11])
    #expect(ForwardSolver<Double>.stepSchedule(span: 0, maximumStep: 1, policy: .equalSteps).isEmpty)

    let grid = Grid(shape: SIMD3(12, 12, 12), spacingMillimeters: SIMD3(1, 1, 1))
    let domain = TumorDomain<Double>(tissue: .homogeneous(grid: grid))
    let c0 = InitialCondition.gaussian(center: .voxel(SIMD3(5.5, 5.5, 5.5)), sigmaMillimeters: 1.5, amplitude: 0.5)
        .values(on: domain)
    let parameters = GrowthParameters(whiteMatterDiffusivity: 0.1, proliferationRate: 0.1)
    func jump(_ policy: SteppingPolicy) -> Double {
        var options = SolverOptions(threadCount: 1, maximumTimeStep: 1)
        options.stepping = policy
        let solver = ForwardSolver(domain: domain, options: options)
        let below = solver.solve(parameters: parameters, initialValues: c0, outputTimes: [10 - 1e-7]).snapshots[0]
        let above = solver.solve(parameters: parameters, initialValues: c0, outputTimes: [10 + 1e-7]).snapshots[0]
        return zip(below, above).map { abs($0 - $1) }.max() ?? 0
    }
    let continuous = jump(.fullStepsWithRemainder), jumpy = jump(.equalSteps)
    #expect(continuous < 1e-6, "remainder stepping: max |Δc| = \(continuous)")
    #expect(jumpy > 100 * continuous, "equal steps: max |Δc| = \(jumpy)")
}
