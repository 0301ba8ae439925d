import Foundation
import Testing
@testable import Imaging

/// Expected facts about one fixture, written by scripts/fixtures/make-nifti-fixtures.py from what nibabel reads.
struct FixtureExpectation: Decodable {
    struct Sample: Decodable { var ijk: [Int]; var value: Double }
    var file: String
    var shape: [Int]
    var nibabel_shape: [Int]
    var affine: [[Double]]
    var zooms: [Double]
    var version: Int
    var byte_order: String
    var datatype: String
    var datatype_code: Int
    var is_pair: Bool
    var sform_code: Int
    var qform_code: Int
    var scl_slope: Double?
    var scl_inter: Double?
    var values: [Double]
    var sum: Double
    var sum_of_squares: Double
    var samples: [Sample]
}

enum Fixtures {
    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func expectation(_ name: String) throws -> FixtureExpectation {
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
        return try JSONDecoder().decode(FixtureExpectation.self, from: data)
    }
}

@Suite struct NIfTIFixtureTests {
    @Test func fixturesArePresent() {
        // Every datatype in both byte orders, plus the variants: at least 40 fixtures.
        #expect(Fixtures.names.count >= 40, "fixtures missing from \(Fixtures.folder.path)")
    }

    @Test(arguments: Fixtures.names)
    func readsLikeNibabel(name: String) throws {
        let expected = try Fixtures.expectation(name)
        let url = Fixtures.folder.appendingPathComponent(expected.file)
        let image = try NIfTIFile.read(url)
        let volume = image.volume

        #expect([volume.grid.shape.x, volume.grid.shape.y, volume.grid.shape.z] == expected.shape)
        #expect(expected.nibabel_shape.dropFirst(3).allSatisfy { $0 == 1 })
        #expect(image.header.version.rawValue == expected.version)
        #expect(image.header.byteOrder.rawValue == expected.byte_order)
        #expect(image.header.datatypeCode == expected.datatype_code)
        #expect(image.geometry.datatype.name == expected.datatype)
        #expect(image.header.isPair == expected.is_pair)
        #expect(image.header.sformCode == expected.sform_code)
        #expect(image.header.qformCode == expected.qform_code)
        if let slope = expected.scl_slope, let intercept = expected.scl_inter {
            #expect(image.geometry.scaling?.slope == slope)
            #expect(image.geometry.scaling?.intercept == intercept)
        } else {
            #expect(image.geometry.scaling == nil)
        }

        try #require(expected.affine.allSatisfy { $0.count == 4 })
        // Affine: nibabel computes the qform in float64 from the stored float32 quaternion, as we do.
        for r in 0..<3 {
            for c in 0..<4 {
                #expect(abs(volume.grid.affine[r, c] - expected.affine[r][c]) < 1e-9,
                        "affine[\(r),\(c)] = \(volume.grid.affine[r, c]), nibabel \(expected.affine[r][c])")
            }
        }
        try #require(expected.zooms.count == 3 && expected.affine.count == 3)
        for axis in 0..<3 {
            #expect(abs(volume.grid.spacingMillimeters[axis] - expected.zooms[axis]) < 1e-12)
        }

        // Values: the same float64 arithmetic (raw → float64, slope · raw + intercept) → equal to round-off.
        #expect(volume.values.count == expected.values.count)
        for (i, (ours, theirs)) in zip(volume.values, expected.values).enumerated() {
            #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs)), "voxel \(i): \(ours) vs nibabel \(theirs)")
        }
        let sum = volume.values.reduce(0, +)
        let sumOfSquares = volume.values.reduce(0) { $0 + $1 * $1 }
        // Summation order differs from numpy's pairwise sum: tolerance relative to Σ|v| (int64 extremes cancel).
        let sumOfMagnitudes = volume.values.reduce(0) { $0 + abs($1) }
        #expect(abs(sum - expected.sum) <= 1e-12 * max(1, sumOfMagnitudes))
        #expect(abs(sumOfSquares - expected.sum_of_squares) <= 1e-12 * max(1, expected.sum_of_squares))
        for sample in expected.samples where sample.ijk.count == 3 {
            #expect(volume[sample.ijk[0], sample.ijk[1], sample.ijk[2]] == sample.value)
        }
    }

    @Test(arguments: Fixtures.names)
    func float32ReadMatchesDoubleRead(name: String) throws {
        let expected = try Fixtures.expectation(name)
        let url = Fixtures.folder.appendingPathComponent(expected.file)
        let single = try NIfTIFile.readVolumeFloat32(url)
        for (ours, theirs) in zip(single.values, expected.values) {
            #expect(ours == Float(theirs))
        }
    }

    @Test func headerOnlyReadAgreesWithFullRead() throws {
        let expected = try Fixtures.expectation("n2-qform-only")
        let (header, geometry) = try NIfTIFile.readHeader(Fixtures.folder.appendingPathComponent(expected.file))
        #expect(header.version == .two)
        #expect(geometry.affineSource == "qform")
        #expect(geometry.shape == SIMD3(5, 4, 3))
    }
}
