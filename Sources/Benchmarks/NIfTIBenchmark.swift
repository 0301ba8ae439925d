import Dispatch
import Foundation
import Imaging

/// `Benchmarks nifti`: reading and writing 256³ NIfTI images. Reads the real case in ../shared/data
/// (float32 .nii.gz) as Double and as Float, checks the README's voxel counts, then writes the map as
/// float32 and uint8, .nii and .nii.gz, and reads each back (values must be equal). Best of `repeats`
/// after a warm-up; reported as seconds and millions of voxels per second.
enum NIfTIBenchmark {
    static func run(_ arguments: [String]) {
        let repeats = arguments.contains("--quick") ? 2 : 5
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/lipkova-case")
        let wm = folder.appendingPathComponent("WM.nii.gz")
        guard FileManager.default.fileExists(atPath: wm.path) else {
            print("nifti: \(wm.path) not found; nothing to measure")
            return
        }
        print("# NIfTI benchmark (best of \(repeats) after one warm-up)")
        var failures = 0
        func time(_ label: String, voxels: Int, _ body: () throws -> Void) {
            do {
                try body()
                var best = Double.infinity
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try body()
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                print(label.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + String(format: " %7.3f s  %7.1f Mvoxel/s", best, Double(voxels) / best / 1e6))
            } catch {
                print("FAILED \(label): \(error)")
                failures += 1
            }
        }
        do {
            let volume = try NIfTIFile.readVolume(wm)
            let count = volume.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            if count != 754_865 { print("FAILED: WM has \(count) non-zero voxels, README says 754,865"); failures += 1 }
            let n = volume.grid.count
            time("read WM.nii.gz (float32, gz) as Double", voxels: n) { _ = try NIfTIFile.readVolume(wm) }
            time("read WM.nii.gz (float32, gz) as Float", voxels: n) { _ = try NIfTIFile.readVolumeFloat32(wm) }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gliobayes-nifti-bench-\(getpid())")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            for (datatype, suffix) in [(NIfTIDatatype.float32, ".nii"), (.float32, ".nii.gz"), (.uint8, ".nii"), (.uint8, ".nii.gz")] {
                let url = scratch.appendingPathComponent("wm-\(datatype.name)\(suffix)")
                time("write \(datatype.name) \(suffix)", voxels: n) { try NIfTIFile.write(volume, to: url, datatype: datatype) }
                time("read  \(datatype.name) \(suffix)", voxels: n) { _ = try NIfTIFile.readVolume(url) }
                if try NIfTIFile.readVolume(url).values != volume.values {
                    print("FAILED: \(url.lastPathComponent) does not read back equal"); failures += 1
                }
            }
        } catch {
            print("FAILED: \(error)")
            failures += 1
        }
        if failures > 0 { exit(1) }
    }
}
