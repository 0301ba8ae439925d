import Foundation
import Imaging
import Testing
@testable import TumorModel

@Suite struct InitialConditionTests {
    /// GliomaSolver's smoothed ball: ψ = (d − R)/W, c0 = ½(1 − ψ − sin(πψ)/π): c0 = 1 at ψ = −1, ½ at ψ = 0,
    /// 0 at ψ = 1, and ½(1 − ½ − 1/π) = 0.0908 at ψ = ½. With GliomaSolver's R = 1.28 mm < W = 4 mm the
    /// centre is not saturated: ψ(0) = −0.32, c0(0) = ½(1.32 + sin(0.32π)/π) = 0.79438.
    @Test func smoothedBallValues() {
        let ball = InitialCondition.gliomaSolverBall(center: .voxel(.zero))
        #expect(abs(ball.value(atDistance: 1.28) - 0.5) < 1e-15)
        #expect(abs(ball.value(atDistance: 0) - 0.5 * (1.32 + sin(0.32 * Double.pi) / Double.pi)) < 1e-15)
        #expect(abs(ball.value(atDistance: 0) - 0.794379) < 1e-6)
        #expect(ball.value(atDistance: 1.28 + 4) == 0)
        #expect(abs(ball.value(atDistance: 1.28 + 2) - 0.5 * (0.5 - 1 / Double.pi)) < 1e-15)
        #expect(InitialCondition.smoothedBall(center: .voxel(.zero), radiusMillimeters: 5, widthMillimeters: 1).value(atDistance: 3.9) == 1)
    }

    /// A Gaussian seeded in world mm equals the one seeded at the matching voxel, on a grid with an
    /// anisotropic spacing and an offset affine; the peak voxel holds the amplitude; zero outside tissue.
    @Test func gaussianWorldAndVoxelSeedsAgree() {
        let affine = Affine(rows: [2, 0, 0, -10, 0, 1.5, 0, 4, 0, 0, 3, 7])
        let grid = Grid(shape: SIMD3(10, 12, 8), spacingMillimeters: SIMD3(2, 1.5, 3), affine: affine)
        var tissue = TissueMaps.homogeneous(grid: grid)
        tissue.whiteMatter[grid.index(4, 5, 3)] = 0   // one hole next to the seed
        let domain = TumorDomain<Float>(tissue: tissue)
        let voxel = SIMD3<Double>(5, 5, 3)
        let world = affine.world(fromVoxel: voxel)
        let a = InitialCondition.gaussian(center: .voxel(voxel), sigmaMillimeters: 2, amplitude: 0.4).values(on: domain)
        let b = InitialCondition.gaussian(center: .world(world), sigmaMillimeters: 2, amplitude: 0.4).values(on: domain)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 })
        let peak = domain.workValues(from: Array(repeating: 0.0, count: grid.count), zero: 0.0).count == a.count
        #expect(peak)
        let volume = domain.patientVolume(from: a, zero: 0.0)
        #expect(abs(volume[5, 5, 3] - 0.4) < 1e-12)
        #expect(volume[4, 5, 3] == 0)
        // neighbour along y: distance 1.5 mm → 0.4·exp(−1.5²/8)
        #expect(abs(volume[5, 6, 3] - 0.4 * exp(-2.25 / 8)) < 1e-12)
    }
}
