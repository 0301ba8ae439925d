import Foundation
import Testing
import _TestSupport
@testable import Imaging

/// The real case in ../shared/data/lipkova-case; counts from its README.
@Suite(.enabled(if: SharedData.isAvailable, "\(SharedData.skipMessage)"))
struct RealDataTests {
    /// Each file is read once for the whole suite (16.8 million voxels each; tests run unoptimised).
    static let cache: [String: Result<NIfTIImage<Double>, NIfTIError>] = {
        var images: [String: Result<NIfTIImage<Double>, NIfTIError>] = [:]
        for name in ["WM.nii.gz", "GM.nii.gz", "tumFLAIR.nii.gz", "tumT1c.nii.gz"] {
            images[name] = Result { () throws(NIfTIError) in
                do { return try NIfTIFile.read(SharedData.file("lipkova-case/\(name)")) } catch let error as NIfTIError {
                    throw error
                } catch {
                    throw NIfTIError(path: name, kind: .unreadable(reason: "\(error)"))
                }
            }
        }
        return images
    }()

    static func read(_ name: String) throws -> NIfTIImage<Double> {
        guard let result = cache[name] else { throw NIfTIError(path: name, kind: .fileNotFound) }
        return try result.get()
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

    /// Masks, union and centroid; the union count and centroid were computed independently with
    /// nibabel + numpy (`np.isin(t1c, [1, 4])`, `(flair != 0) | core`, `np.argwhere(core).mean(0)`).
    @Test func t1GdAndFlairVisibleMasks() throws {
        let labels = try Self.read("tumT1c.nii.gz").volume
        let flair = try Self.read("tumFLAIR.nii.gz").volume
        let core = try BraTSLabels.t1GdVisibleMask(labels, convention: .brats2017, source: "tumT1c.nii.gz")
        #expect(try BraTSLabels.detectConvention(labels) == .brats2017)
        let stats = MaskStatistics(core)
        #expect(stats.voxelCount == 19_696 + 5_896)
        #expect(stats.volumeCubicMillimeters == 25_592)
        let centroid = try #require(stats.centroidVoxel)
        #expect(abs(centroid.x - 166.34077055) < 1e-6 && abs(centroid.y - 151.24742107) < 1e-6
                && abs(centroid.z - 95.12679744) < 1e-6)
        #expect(abs(stats.equivalentSphereRadiusMillimeters - 18.281221298653705) < 1e-9)
        #expect(flair.nonZeroMask().union(core).trueCount == 176_485)
        let everything = try BraTSLabels.flairVisibleMask(labels, convention: .brats2017)
        #expect(flair.nonZeroMask().union(everything).trueCount == 176_496)
    }
}
