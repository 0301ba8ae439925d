import Foundation
import Imaging
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

/// The acceptance catalogue at the command line: each malformed file makes `gliobayes inspect`
/// exit non-zero (3) with one line on stderr naming the file, and nothing on stdout.
@Suite struct InspectMalformedFilesTests {
    static let grid = Grid(shape: SIMD3(5, 4, 3), spacingMillimeters: SIMD3(1, 1, 2))

    static func header(_ version: NIfTIHeader.Version = .one) -> NIfTIHeader {
        var header = NIfTIFile.header(for: grid, datatype: .int16)
        header.version = version
        header.voxOffset = Double(header.headerSize + 4)
        return header
    }

    static func file(_ header: NIfTIHeader, dataBytes: Int = 120) -> [UInt8] {
        header.encoded() + [0, 0, 0, 0] + [UInt8](repeating: 3, count: dataBytes)
    }

    static func gzip(_ bytes: [UInt8], in folder: URL) throws -> [UInt8] {
        // Compress through the public writer path: write a plain file, let zlib-free code stay in Imaging.
        let plain = folder.appendingPathComponent("plain-\(UUID().uuidString).bin")
        try Data(bytes).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", "-c", plain.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    /// (file name, bytes) for each kind of malformed file.
    static func catalogue(in folder: URL) throws -> [(String, [UInt8])] {
        var cases: [(String, [UInt8])] = []
        func add(_ name: String, _ mutate: (inout NIfTIHeader) -> Void, dataBytes: Int = 120) {
            var header = header()
            mutate(&header)
            cases.append((name, file(header, dataBytes: dataBytes)))
        }
        cases.append(("empty.nii", []))
        cases.append(("truncated-header.nii", Array(file(header()).prefix(200))))
        var magic = file(header()); magic[344] = 0x78
        cases.append(("wrong-magic.nii", magic))
        var size = file(header()); size[0] = 99; size[1] = 0
        cases.append(("wrong-sizeof-hdr.nii", size))
        add("truncated-data.nii", { _ in }, dataBytes: 50)
        add("vox-offset-past-end.nii", { $0.voxOffset = 1_000_000 })
        add("vox-offset-inside-header.nii", { $0.voxOffset = 200 })
        add("negative-dim.nii", { $0.dim[1] = -5 })
        add("zero-dim.nii", { $0.dim[3] = 0 })
        add("rank-zero.nii", { $0.dim[0] = 0 })
        add("rank-nine.nii", { $0.dim[0] = 9 })
        add("absurd-dims.nii", { $0.dim = [3, 32767, 32767, 32767, 1, 1, 1, 1] })
        add("four-d.nii", { $0.dim = [4, 5, 4, 3, 7, 1, 1, 1] })
        add("complex64.nii", { $0.datatypeCode = 32; $0.bitpix = 64 })
        add("rgb24.nii", { $0.datatypeCode = 128; $0.bitpix = 24 })
        add("bitpix-mismatch.nii", { $0.bitpix = 8 })
        add("nan-sform.nii", { $0.srowX[0] = .nan })
        add("inf-sform.nii", { $0.srowZ[3] = .infinity })
        add("nan-quaternion.nii", { $0.sformCode = 0; $0.quaternB = .nan })
        add("nan-pixdim.nii", { $0.sformCode = 0; $0.pixdim[1] = .nan })
        add("inf-intercept.nii", { $0.sclSlope = 2; $0.sclInter = -.infinity })
        let gz = try gzip(file(header()), in: folder)
        var corrupt = gz
        for k in 15..<30 { corrupt[k] ^= 0x5A }
        cases.append(("corrupt.nii.gz", corrupt))
        cases.append(("truncated.nii.gz", Array(gz.prefix(gz.count / 2))))
        cases.append(("garbage-inside.nii.gz", try gzip(Array(repeating: 0x41, count: 600), in: folder)))
        var pairHeader = header()
        pairHeader.isPair = true
        pairHeader.voxOffset = 0
        cases.append(("no-image.hdr", pairHeader.encoded()))
        return cases
    }

    @Test func everyMalformedFileFailsWithOneLineNamingIt() throws {
        let folder = try SharedData.temporaryDirectory("inspect-malformed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = try Self.catalogue(in: folder)
        #expect(cases.count >= 15)
        for (name, bytes) in cases {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            let (code, stdout, stderr) = runTool(["inspect", url.path])
            #expect(code == 3, "\(name): exit \(code), stderr \(stderr)")
            #expect(stdout.isEmpty, "\(name): stdout \(stdout)")
            #expect(stderr.hasPrefix("gliobayes: error: \(url.path): "), "\(name): \(stderr)")
            #expect(stderr.split(separator: "\n").count == 1, "\(name): \(stderr)")
        }
        // Not a file at all.
        #expect(runTool(["inspect", folder.path]).code == 3)
        #expect(runTool(["inspect", folder.appendingPathComponent("absent.nii").path]).code == 3)
    }
}
