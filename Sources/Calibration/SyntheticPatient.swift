import Foundation
import Imaging
import TumorModel

/// Synthetic patients with known parameters, for the built-in example, tests and the recovery study.
///
/// The tumour is simulated with the same forward model and conventions as the likelihood (tissue maps
/// block-averaged to `resolution_mm`, Gaussian initial blob of σ = one voxel and amplitude 0.5), thresholded
/// at θ_T1 / θ_FL at each scan day, and the masks are written on the patient grid (each patient voxel
/// takes the value of the inference voxel holding it). This is a well-specified check of the inference
/// (no model error), which is what a calibration/coverage study needs; real data add model error.
public enum SyntheticPatient {
    public struct Truth: Codable, Sendable, Equatable {
        public var D_w: Double
        public var rho: Double
        public var T: Double
        public var x0: [Double]
        public var theta_T1: Double
        public var theta_FL: Double
        public init(D_w: Double, rho: Double, T: Double, x0: [Double], theta_T1: Double, theta_FL: Double) {
            self.D_w = D_w; self.rho = rho; self.T = T; self.x0 = x0; self.theta_T1 = theta_T1; self.theta_FL = theta_FL
        }
        /// Values by column name of the draws.
        public var byName: [String: Double] {
            ["D_w": D_w, "rho": rho, "T": T, "x0_x": x0[0], "x0_y": x0[1], "x0_z": x0[2], "theta_T1": theta_T1, "theta_FL": theta_FL]
        }
    }

    /// Simulates and writes `t1gd-dayN.nii.gz`, `flair-dayN.nii.gz`, `truth.json` and `spec.json` into
    /// `folder`; returns the spec URL. `anatomy` is what the spec names (`.builtin` or file paths relative
    /// to `folder`); the maps themselves are passed in.
    @discardableResult
    public static func write(whiteMatter: Volume<Double>, greyMatter: Volume<Double>, anatomy: PatientSpecification.Anatomy,
                             truth: Truth, days: [Double], resolutionMillimeters: Int, folder: URL,
                             extraModel: [String: Any] = [:]) throws(CalibrationError) -> URL {
        let f = Int((Double(resolutionMillimeters) / whiteMatter.grid.spacingMillimeters.x).rounded())
        precondition(f >= 1, "resolution finer than the anatomy")
        var wm = whiteMatter, gm = greyMatter
        let maximum = max(wm.values.max() ?? 0, gm.values.max() ?? 0)
        if maximum > 1.0001 {
            let scale = maximum <= 255 ? 255.0 : maximum
            wm.values = wm.values.map { $0 / scale }; gm.values = gm.values.map { $0 / scale }
        }
        let tissue = TissueMaps(whiteMatter: f == 1 ? wm : wm.blockAveraged(factor: f), greyMatter: f == 1 ? gm : gm.blockAveraged(factor: f))
        let domain = TumorDomain<Double>(tissue: tissue, diffusivityRatio: 10)
        let solver = ForwardSolver(domain: domain, options: SolverOptions(activeRegionThreshold: 1e-6))  // as PatientLikelihood
        let solution = solver.solve(parameters: GrowthParameters(whiteMatterDiffusivity: truth.D_w, proliferationRate: truth.rho),
                                    initial: .gaussian(center: .world(SIMD3(truth.x0[0], truth.x0[1], truth.x0[2])),
                                                       sigmaMillimeters: Double(resolutionMillimeters), amplitude: 0.5),
                                    outputTimes: days.map { truth.T + $0 })
        let fine = whiteMatter.grid
        func upsample(_ work: [Double], threshold: Double) -> Volume<Bool> {
            var out = [Bool](repeating: false, count: fine.count)
            let ws = domain.workGrid.shape
            for z in 0..<fine.shape.z {
                for y in 0..<fine.shape.y {
                    for x in 0..<fine.shape.x {
                        let w = SIMD3(x / f, y / f, z / f) &- domain.origin
                        guard w.x >= 0, w.y >= 0, w.z >= 0, w.x < ws.x, w.y < ws.y, w.z < ws.z else { continue }
                        out[fine.index(x, y, z)] = work[domain.workGrid.index(w.x, w.y, w.z)] >= threshold
                    }
                }
            }
            return Volume(grid: fine, values: out)
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CalibrationError(.output, folder.path, "cannot create: \(error.localizedDescription)")
        }
        var scans: [[String: Any]] = []
        for (k, day) in days.enumerated() {
            let t1 = upsample(solution.snapshots[k], threshold: truth.theta_T1)
            let fl = upsample(solution.snapshots[k], threshold: truth.theta_FL)
            guard t1.trueCount > 0 else {
                throw CalibrationError(.data, "truth", "no voxel above θ_T1 at day \(day): choose an older or faster tumour")
            }
            let d = Int(day)
            for (name, m) in [("t1gd-day\(d).nii.gz", t1), ("flair-day\(d).nii.gz", fl)] {
                do {
                    try NIfTIFile.write(Volume(grid: fine, values: m.values.map { $0 ? 1.0 : 0.0 }), to: folder.appendingPathComponent(name),
                                        datatype: .uint8, description: "GlioBayes synthetic mask")
                } catch { throw CalibrationError(.output, folder.appendingPathComponent(name).path, "\(error)") }
            }
            scans.append(["day": day, "t1gd": ["mask": "t1gd-day\(d).nii.gz"], "flair": ["mask": "flair-day\(d).nii.gz", "includes_t1gd": true]])
        }
        var anatomyJSON: Any = "builtin"
        if case .files(let w, let g, let c) = anatomy {
            var a: [String: Any] = ["white_matter": w, "grey_matter": g]
            if let c { a["csf"] = c }
            anatomyJSON = a
        }
        var model: [String: Any] = ["resolution_mm": resolutionMillimeters, "diffusivity_ratio": 10]
        for (k, v) in extraModel { model[k] = v }
        let spec: [String: Any] = ["name": folder.lastPathComponent, "anatomy": anatomyJSON, "scans": scans, "model": model]
        let specURL = folder.appendingPathComponent("spec.json")
        let folderRecord = RunFolder(folder)
        do {
            let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys])
            try folderRecord.write(data, to: specURL)
        } catch let e as CalibrationError { throw e } catch { throw CalibrationError(.output, specURL.path, "\(error)") }
        try folderRecord.writeJSON(truth, to: folder.appendingPathComponent("truth.json"))
        return specURL
    }
}
