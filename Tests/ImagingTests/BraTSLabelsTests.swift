import Foundation
import Testing
@testable import Imaging

@Suite struct BraTSLabelsTests {
    static let grid = Grid(shape: SIMD3(4, 3, 2), spacingMillimeters: SIMD3(2, 2, 2))

    /// 24 voxels: five 1s, three 2s, two 4s (2017) or 3s (2021), the rest 0.
    static func labels(enhancing: Double) -> Volume<Double> {
        var values = [Double](repeating: 0, count: 24)
        for i in [0, 1, 5, 9, 23] { values[i] = 1 }
        for i in [2, 3, 7] { values[i] = 2 }
        for i in [12, 13] { values[i] = enhancing }
        return Volume(grid: grid, values: values)
    }

    @Test(arguments: [(BraTSConvention.brats2017, 4.0), (.brats2021, 3.0)])
    func masksAndCounts(convention: BraTSConvention, enhancing: Double) throws {
        let labels = Self.labels(enhancing: enhancing)
        #expect(try BraTSLabels.validate(labels, convention: convention) == [1: 5, 2: 3, Int(enhancing): 2])
        let t1 = try BraTSLabels.t1GdVisibleMask(labels, convention: convention)
        let flair = try BraTSLabels.flairVisibleMask(labels, convention: convention)
        #expect(t1.trueCount == 7)
        #expect(flair.trueCount == 10)
        #expect(t1.values[12] && !t1.values[2] && flair.values[2])
        #expect(try BraTSLabels.detectConvention(labels) == convention)
    }

    @Test(arguments: [(BraTSConvention.brats2017, 3.0), (.brats2021, 4.0)])
    func unknownLabelIsRefused(convention: BraTSConvention, enhancing: Double) {
        let labels = Self.labels(enhancing: enhancing)
        let error = #expect(throws: LabelError.self) {
            try BraTSLabels.t1GdVisibleMask(labels, convention: convention, source: "seg.nii.gz")
        }
        #expect(error?.kind == .unknownLabel(Int(enhancing), voxelCount: 2, convention: convention))
        #expect(error?.description.hasPrefix("seg.nii.gz: label \(Int(enhancing)) (2 voxels)") == true)
    }

    @Test(arguments: [2.5, Double.nan, -Double.infinity])
    func nonIntegerValuesAreNotLabels(bad: Double) {
        var labels = Self.labels(enhancing: 4)
        labels.values[17] = bad
        let error = #expect(throws: LabelError.self) { try BraTSLabels.counts(labels) }
        guard case .notALabel(_, 17)? = error?.kind else { Issue.record("wrong error \(String(describing: error))"); return }
    }

    @Test func ambiguousConvention() {
        let error = #expect(throws: LabelError.self) {
            try BraTSLabels.detectConvention(Volume(grid: Self.grid, values: (0..<24).map { Double($0 % 3) }))
        }
        #expect(error?.kind == .ambiguousConvention(labels: [1, 2]))
    }

    @Test func unionOfFlairAndT1Gd() {
        let a = Volume(grid: Self.grid, values: (0..<24).map { $0 < 6 })
        let b = Volume(grid: Self.grid, values: (0..<24).map { $0 % 4 == 0 })
        #expect(a.union(b).trueCount == 6 + 4)  // 0, 4 shared; 8, 12, 16, 20 added
        #expect(a.intersection(b).trueCount == 2)
    }

    @Test func labelCountingHandlesLargeAndNegativeValues() {
        let values: [Double] = [0, 0, 1, 300, 300, -2, 255, 1e12]
        #expect(LabelCounting.counts(values, maxDistinct: 10) == [0: 2, 1: 1, 300: 2, -2: 1, 255: 1, 1_000_000_000_000: 1])
        #expect(LabelCounting.counts(values, maxDistinct: 3) == nil)
        #expect(LabelCounting.counts([0.5], maxDistinct: 10) == nil)
    }
}

@Suite struct MaskStatisticsTests {
    @Test func cubeCentroidVolumeAndRadius() {
        // A 3×3×3 cube at voxels 2…4 in a 7×7×7 grid with 2 mm voxels and a shifted affine.
        let affine = Affine(rows: [2, 0, 0, -10, 0, 2, 0, 5, 0, 0, 2, 1])
        let grid = Grid(shape: SIMD3(7, 7, 7), spacingMillimeters: SIMD3(2, 2, 2), affine: affine)
        var mask = Volume(grid: grid, repeating: false)
        for z in 2...4 { for y in 2...4 { for x in 2...4 { mask[x, y, z] = true } } }
        let stats = MaskStatistics(mask)
        #expect(stats.voxelCount == 27)
        #expect(stats.volumeCubicMillimeters == 27 * 8)
        #expect(stats.centroidVoxel == SIMD3(3, 3, 3))
        #expect(stats.centroidWorldMillimeters == SIMD3(-4, 11, 7))
        // (3 · 216 / 4π)^{1/3} = 3.7221029453964 mm (Python: (3*216/(4*math.pi))**(1/3)).
        #expect(abs(stats.equivalentSphereRadiusMillimeters - 3.722_102_945_396_4) < 1e-12)
    }

    @Test func sphereRadiusFormula() {
        let r = 6.5
        #expect(abs(MaskStatistics.equivalentSphereRadius(volumeCubicMillimeters: 4 / 3 * Double.pi * r * r * r) - r) < 1e-12)
        #expect(MaskStatistics.equivalentSphereRadius(volumeCubicMillimeters: 0) == 0)
    }

    @Test func emptyMask() {
        let stats = MaskStatistics(Volume(grid: Grid(shape: SIMD3(2, 2, 2), spacingMillimeters: SIMD3(1, 1, 1)), repeating: false))
        #expect(stats.voxelCount == 0 && stats.centroidVoxel == nil && stats.equivalentSphereRadiusMillimeters == 0)
    }
}
