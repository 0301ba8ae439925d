import Foundation
import Imaging
import TumorModel
import Probability

/// Synthetic patients with known parameters, for the built-in example, tests and the recovery study.
///
/// The tumour is simulated with the same forward model and conventions as the likelihood (tissue maps
/// block-averaged to `resolution_mm`, Gaussian initial blob of σ = one voxel and amplitude 0.5), thresholded
/// at θ_T1 / θ_FL at each scan day, and the masks are written on the patient grid (each patient voxel
/// takes the value of the inference voxel holding it). This is a well-specified check of the inference
/// (no model error), which is what a calibration/coverage study needs; real data add model error.
///
/// Two observation models: `noise == nil` thresholds exactly (`visible ⇔ c ≥ θ`, what `simulate` does);
/// with `noise` each voxel is drawn visible with the link's probability `α(c; θ, σ_α)` (Bernoulli,
/// generator `Xoshiro256StarStar(seed:, stream: 0)`), so the data come from the model that `infer` fits
/// except for the label-noise floor ε, which stays a robustness term of the likelihood only (drawing it
/// too would scatter ε·(brain voxels) false positives over the whole brain). Exact thresholding is the σ_α → 0 limit; fitting it with σ_α = 0.05 favours fronts
/// steeper than the truth (voxels near θ cost log ½ each), which we measured as a bias in D_w/ρ.
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
                             extraModel: [String: Any] = [:],
                             noise: (link: SegmentationLink, sigmaAlpha: Double, seed: UInt64)? = nil) throws(CalibrationError) -> URL {
        guard whiteMatter.grid.isCompatible(with: greyMatter.grid) else {
            let a = whiteMatter.grid.shape, b = greyMatter.grid.shape
            throw CalibrationError(.data, "grey matter", "grid \(b.x)×\(b.y)×\(b.z) / affine differs from the white-matter map's \(a.x)×\(a.y)×\(a.z)")
        }
        let f = Int((Double(resolutionMillimeters) / whiteMatter.grid.spacingMillimeters.x).rounded())
        guard f >= 1 else {
            throw CalibrationError(.specification, "resolution", "\(resolutionMillimeters) mm is finer than the anatomy's \(whiteMatter.grid.spacingMillimeters.x) mm")
        }
        var wm = whiteMatter, gm = greyMatter
        let maximum = max(wm.values.max() ?? 0, gm.values.max() ?? 0)
        if maximum > 1.0001 {
            let scale = maximum <= 255 ? 255.0 : maximum
            wm.values = wm.values.map { $0 / scale }; gm.values = gm.values.map { $0 / scale }
        }
        let tissue = TissueMaps(whiteMatter: f == 1 ? wm : wm.blockAveraged(factor: f), greyMatter: f == 1 ? gm : gm.blockAveraged(factor: f))
        let domain = TumorDomain<Double>(tissue: tissue, diffusivityRatio: 10)
        // The likelihood's own forward map (same blob, same rescaled steps), so the data come from the model `infer` fits.
        let step = extraModel["max_rescaled_step"] as? Double ?? PatientSpecification.Model().maximumRescaledStep
        let forwardMap = GrowthForwardMap(domain: domain, initialSigmaMillimeters: Double(resolutionMillimeters), initialAmplitude: 0.5,
                                          maximumRescaledStep: step)
        let snapshots = forwardMap.fields(solver: forwardMap.makeSolver(threads: ProcessInfo.processInfo.activeProcessorCount),
                                          whiteMatterDiffusivity: truth.D_w, proliferationRate: truth.rho, age: truth.T,
                                          seed: SIMD3(truth.x0[0], truth.x0[1], truth.x0[2]), days: days)
        let fine = whiteMatter.grid
        var generator = Xoshiro256StarStar(seed: noise?.seed ?? 0, stream: 0)
        func observe(_ c: [Double], threshold: Double) -> [Double] {
            guard let noise else { return c.map { $0 >= threshold ? 1 : 0 } }
            return c.map { v in
                let p = noise.link.visibility(density: v, threshold: threshold, width: noise.sigmaAlpha)
                return Double.random(in: 0..<1, using: &generator) < p ? 1 : 0
            }
        }
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
            // Observed masks on the work grid (tissue voxels only; outside tissue nothing is visible).
            let c = snapshots[k]
            let t1Work = zip(observe(c, threshold: truth.theta_T1), domain.isTissue).map { $1 ? $0 : 0 }
            let flWork = zip(observe(c, threshold: truth.theta_FL), domain.isTissue).map { $1 ? $0 : 0 }
            let t1 = upsample(t1Work, threshold: 0.5)
            let fl = upsample(flWork, threshold: 0.5)
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
        if let noise { model["link"] = noise.link.rawValue; model["sigma_alpha"] = noise.sigmaAlpha }
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
