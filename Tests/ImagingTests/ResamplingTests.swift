import Foundation
import Testing
@testable import Imaging

@Suite struct ResamplingTests {
    /// 5×6×7 grid, 1 mm voxels, rotated about z and shifted.
    static let grid: Grid = {
        let c = cos(0.5), s = sin(0.5)
        return Grid(shape: SIMD3(5, 6, 7), spacingMillimeters: SIMD3(1, 1, 1),
                    affine: Affine(rows: [c, -s, 0, 10, s, c, 0, -20, 0, 0, 1, 3]))
    }()

    @Test func coarseGridShapeSpacingAndCentres() {
        let coarse = Self.grid.downsampled(factor: 2, placement: .blockCentre)
        #expect(coarse.shape == SIMD3(3, 3, 4))
        #expect(coarse.spacingMillimeters == SIMD3(2, 2, 2))
        // Coarse voxel (1, 2, 0) is the block of fine voxels 2…3, 4…5, 0…1: centre at fine (2.5, 4.5, 0.5).
        let expected = Self.grid.affine.world(fromVoxel: SIMD3(2.5, 4.5, 0.5))
        let got = coarse.affine.world(fromVoxel: SIMD3(1, 2, 0))
        #expect(((got - expected) * (got - expected)).sum() < 1e-24)
        let point = Self.grid.downsampled(factor: 4, placement: .firstVoxel)
        #expect(point.shape == SIMD3(2, 2, 2))
        let a = point.affine.world(fromVoxel: SIMD3(1, 1, 1)), b = Self.grid.affine.world(fromVoxel: SIMD3(4, 4, 4))
        #expect(((a - b) * (a - b)).sum() < 1e-24)
    }

    @Test func blockAverageOfWorldCoordinateIsTheBlockCentre() {
        // A field linear in world position averages over a full block to its value at the block centre.
        let grid = Self.grid
        var field = Volume(grid: grid, repeating: 0.0)
        for z in 0..<7 { for y in 0..<6 { for x in 0..<5 {
            let w = grid.affine.world(fromVoxel: SIMD3(Double(x), Double(y), Double(z)))
            field[x, y, z] = 3 * w.x - 2 * w.y + 0.5 * w.z
        } } }
        let coarse = field.blockAveraged(factor: 2)
        for z in 0..<3 { for y in 0..<3 { for x in 0..<2 {  // full blocks only (x < 2, z < 3)
            let w = coarse.grid.affine.world(fromVoxel: SIMD3(Double(x), Double(y), Double(z)))
            #expect(abs(coarse[x, y, z] - (3 * w.x - 2 * w.y + 0.5 * w.z)) < 1e-10)
        } } }
    }

    @Test func partialEdgeBlocksAverageTheVoxelsPresent() {
        let grid = Grid(shape: SIMD3(3, 1, 1), spacingMillimeters: SIMD3(1, 1, 1))
        let field = Volume(grid: grid, values: [1.0, 3.0, 10.0])
        #expect(field.blockAveraged(factor: 2).values == [2, 10])
        let floats = Volume(grid: grid, values: [Float(1), 3, 10])
        #expect(floats.blockAveraged(factor: 2).values == [2, 10])
    }

    @Test func blockAverageConservesTheIntegralWhenTheFactorDivides() {
        let grid = Grid(shape: SIMD3(8, 4, 4), spacingMillimeters: SIMD3(1, 1, 1))
        var generator = SplitMix64(seed: 7)
        let field = Volume(grid: grid, values: (0..<grid.count).map { _ in Double(generator.next() % 1000) / 1000 })
        let coarse = field.blockAveraged(factor: 4)
        let fine = field.values.reduce(0, +) * grid.voxelVolumeCubicMillimeters
        let integral = coarse.values.reduce(0, +) * coarse.grid.voxelVolumeCubicMillimeters
        #expect(abs(fine - integral) < 1e-10)
    }

    @Test func maskMajorityAndAnyRules() {
        // One 2×2×2 block with k true voxels, k = 0…8; majority means k ≥ 4.
        let grid = Grid(shape: SIMD3(2, 2, 2), spacingMillimeters: SIMD3(1, 1, 1))
        for k in 0...8 {
            let mask = Volume(grid: grid, values: (0..<8).map { $0 < k })
            #expect(mask.blockDownsampled(factor: 2).values == [k >= 4], "k = \(k)")
            #expect(mask.blockDownsampled(factor: 2, rule: .any).values == [k >= 1], "k = \(k)")
        }
        // Partial block of 1 voxel (shape 3 along x): decided by that voxel alone.
        let edge = Volume(grid: Grid(shape: SIMD3(3, 1, 1), spacingMillimeters: SIMD3(1, 1, 1)), values: [false, false, true])
        #expect(edge.blockDownsampled(factor: 2).values == [false, true])
    }

    @Test func pointSamplingTakesEveryFactorthVoxel() {
        let grid = Self.grid
        let field = Volume(grid: grid, values: (0..<grid.count).map(Double.init))
        let coarse = field.pointSampled(factor: 2)
        #expect(coarse.grid.shape == SIMD3(3, 3, 4))
        for z in 0..<4 { for y in 0..<3 { for x in 0..<3 {
            #expect(coarse[x, y, z] == Double(grid.index(2 * x, 2 * y, 2 * z)))
        } } }
        // Labels keep their values (no averaging).
        let labels = Volume(grid: grid, values: (0..<grid.count).map { $0 % 5 == 0 })
        #expect(labels.pointSampled(factor: 3).values.count == 2 * 2 * 3)
    }
}

/// A tiny deterministic generator for test data (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct GridDifferencesTests {
    @Test func describesShapeAndAffineDifferences() {
        let a = Grid(shape: SIMD3(4, 4, 4), spacingMillimeters: SIMD3(1, 1, 1))
        #expect(a.differences(from: a) == nil)
        var b = a
        b.affine.rows[3] = -2
        #expect(a.differences(from: b) == "affine differs by up to 2.0 mm (entry [0,3]: 0.0 vs -2.0)")
        let c = Grid(shape: SIMD3(4, 4, 2), spacingMillimeters: SIMD3(1, 1, 1))
        #expect(a.differences(from: c) == "shape 4×4×4 vs 4×4×2")
    }
}
