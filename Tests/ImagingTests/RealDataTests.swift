import Foundation
import Testing
import _TestSupport
@testable import Imaging

/// The real case in ../shared/data/lipkova-case; counts from its README.
@Suite(.enabled(if: SharedData.isAvailable, "\(SharedData.skipMessage)"))
struct RealDataTests {
    static func read(_ name: String) throws -> NIfTIImage<Double> {
        try NIfTIFile.read(SharedData.file("lipkova-case/\(name)"))
    }

    static func checkGrid(_ image: NIfTIImage<Double>) {
        #expect(image.volume.grid.shape == SIMD3(256, 256, 256))
        #expect(image.volume.grid.spacingMillimeters == SIMD3(1, 1, 1))
        #expect(image.header.datatype == .float32)
        #expect(image.header.sformCode == 2)
        #expect(image.volume.grid.affine.maxAbsoluteDifference(to: .scaling(SIMD3(1, 1, 1))) == 0)
    }

    @Test(arguments: [("WM.nii.gz", 754_865), ("GM.nii.gz", 814_193), ("tumFLAIR.nii.gz", 150_893)])
    func tissueAndFlairMasks(name: String, count: Int) throws {
        let image = try Self.read(name)
        Self.checkGrid(image)
        // Unsafe-buffer loops: the suite runs unoptimised and these are 16.8 million voxels.
        var ones = 0, others = 0
        image.volume.values.withUnsafeBufferPointer { values in
            for i in 0..<values.count where values[i] != 0 {
                if values[i] == 1 { ones += 1 } else { others += 1 }
            }
        }
        #expect(others == 0)
        #expect(ones == count)
    }

    @Test func t1GdLabels() throws {
        let image = try Self.read("tumT1c.nii.gz")
        Self.checkGrid(image)
        var counts: [Double: Int] = [:]
        image.volume.values.withUnsafeBufferPointer { values in
            for i in 0..<values.count where values[i] != 0 { counts[values[i], default: 0] += 1 }
        }
        #expect(counts[1] == 19_696)
        #expect(counts[4] == 5_896)
        #expect(counts[2] == 11)
        #expect(Set(counts.keys) == [1, 2, 4])
    }
}
