import Foundation
import Imaging
import Inference

/// A patient job as the user writes it (JSON; file paths relative to the specification file).
///
/// ```json
/// {
///   "name": "example",
///   "anatomy": "builtin",
///   "scans": [
///     {"day": 0,  "t1gd": {"mask": "t1gd-day0.nii.gz"}, "flair": {"mask": "flair-day0.nii.gz", "includes_t1gd": true}},
///     {"day": 60, "t1gd": {"labels": "seg-day60.nii.gz", "convention": "brats2017"},
///                 "flair": {"labels": "seg-day60.nii.gz"}, "pet": "pet.nii.gz"}
///   ],
///   "volumes": {"csv": "volumes.csv"},
///   "model": {"resolution_mm": 4, "diffusivity_ratio": 10, "link": "double-logistic",
///             "epsilon": 0.01, "sigma_alpha": 0.05, "fixed": {"theta_T1": 0.8},
///             "priors": {"D_w": {"log_uniform": [0.02, 1.5]}},
///             "subsample": {"every": 1, "roi_margin_mm": 20}}
/// }
/// ```
/// Every key is checked: an unknown key, a missing file or an impossible value is an error naming the
/// field. See `examples/builtin/README.md` for the full list of keys.
public struct PatientSpecification: Sendable, Codable, Equatable {
    /// The latest scan or size-table day accepted (100 years after the first scan).
    public static let maximumDay = 36_500.0

    /// Anatomy: the built-in MNI maps or the patient's own WM/GM[/CSF] maps.
    public enum Anatomy: Sendable, Codable, Equatable {
        case builtin
        case files(whiteMatter: String, greyMatter: String, csf: String?)
    }

    /// A segmentation source: a 0/1 mask, or a BraTS label map (convention nil: detect from labels).
    public enum Segmentation: Sendable, Codable, Equatable {
        case mask(path: String)
        case labels(path: String, convention: BraTSConvention?)
        var path: String {
            switch self { case .mask(let p), .labels(let p, _): return p }
        }
    }

    /// DWI-derived cellularity: a map of `c` directly, or an ADC map converted with DESIGN.md §2.
    public enum Cellularity: Sendable, Codable, Equatable {
        case map(path: String)
        case adc(path: String, healthyADC: Double, minimumADC: Double)
    }

    public struct Scan: Sendable, Codable, Equatable {
        /// Days after the first scan (≥ 0).
        public var day: Double
        public var t1Gd: Segmentation?
        public var flair: Segmentation?
        /// Whether the FLAIR mask already contains the T1Gd-visible region (true for BraTS labels;
        /// false for a FLAIR mask drawn around the core only, as in the lipkova case: then FLAIR ∪ T1Gd).
        public var flairIncludesT1Gd: Bool
        public var pet: String?
        public var cellularity: Cellularity?
        /// σ of the Gaussian cellularity likelihood.
        public var cellularitySigma: Double
    }

    /// Tabulated sizes: a CSV with columns `day,region,volume_mm3,sigma_log` or `day,region,radius_mm,sigma_mm`
    /// (region `t1gd` or `flair`).
    public struct Volumes: Sendable, Codable, Equatable {
        public var csv: String
    }

    /// Voxel sub-sampling: the likelihood uses every `every`-th voxel of the region of interest, the box
    /// around all lesion masks grown by `roiMarginMillimeters` (nil: the whole brain).
    public struct Subsampling: Sendable, Codable, Equatable {
        public var every: Int = 1
        public var roiMarginMillimeters: Double? = 20
    }

    public struct Model: Sendable, Codable, Equatable {
        /// Inference grid spacing in mm (1, 2 or 4).
        public var resolutionMillimeters: Int = 4
        /// Coarse screening grid for delayed acceptance (must be coarser than the target); nil: none.
        public var screenResolutionMillimeters: Int?
        /// `r = D_w / D_g`.
        public var diffusivityRatio: Double = 10
        /// Parameters held at a value instead of sampled (natural scale).
        public var fixed: [String: Double] = [:]
        /// Prior overrides by parameter name.
        public var priors: [String: Prior] = [:]
        public var link: SegmentationLink = .doubleLogistic
        /// σ_α of the link (fixed unless `sigma_alpha` is given a prior and made free).
        public var sigmaAlpha: Double = 0.05
        /// Label-noise floor ε.
        public var epsilon: Double = 0.01
        public var subsample = Subsampling()
        /// Initial condition: Gaussian of this σ (mm; nil = one inference voxel) and amplitude.
        public var initialSigmaMillimeters: Double?
        public var initialAmplitude: Double = 0.5
        /// Sample σ_α too (prior uniform [0.01, 0.2] unless overridden).
        public var sampleSigmaAlpha: Bool = false
        /// Upper bound on the solver's step in rescaled time, `ρ·Δt` (the explicit stability bound at
        /// `κ = D_w/ρ` applies too; see ``GrowthForwardMap``): it bounds the splitting error of the
        /// reaction and the spacing of the stored nodes that (ρ, T) are read from.
        public var maximumRescaledStep: Double = 0.25
    }

    public var name: String
    public var anatomy: Anatomy
    public var scans: [Scan]
    public var volumes: Volumes?
    public var model: Model
    /// Folder that relative paths are resolved against (the specification file's folder).
    public var baseDirectory: String

    /// Absolute URL of a path in the specification.
    public func url(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path)
    }
}

extension PatientSpecification {
    /// Reads and checks a specification file (syntax, keys, types, ranges; files are checked by
    /// ``PatientData/load(_:builtinAnatomy:)``).
    public static func read(_ url: URL) throws(CalibrationError) -> PatientSpecification {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CalibrationError(.inputFile, url.path, "cannot read the specification (\(error.localizedDescription))")
        }
        return try parse(data, source: url.path, baseDirectory: url.deletingLastPathComponent().path)
    }

    /// Parses specification JSON; `source` is used in messages, `baseDirectory` resolves relative paths.
    public static func parse(_ data: Data, source: String, baseDirectory: String) throws(CalibrationError) -> PatientSpecification {
        let root = try SpecificationJSON.parse(data, source: source)
        let top = try root.object(allowed: ["name", "anatomy", "scans", "volumes", "model", "comment"])
        let name = try top["name"]?.string() ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent

        guard let anatomyNode = top["anatomy"] else { throw CalibrationError(.specification, "anatomy", "missing (\"builtin\" or an object with white_matter and grey_matter)") }
        let anatomy: Anatomy
        if let s = anatomyNode.value as? String {
            guard s == "builtin" else { throw anatomyNode.fail("expected \"builtin\" or an object with white_matter and grey_matter") }
            anatomy = .builtin
        } else {
            let a = try anatomyNode.object(allowed: ["white_matter", "grey_matter", "csf"])
            guard let wm = a["white_matter"] else { throw CalibrationError(.specification, "anatomy.white_matter", "missing") }
            guard let gm = a["grey_matter"] else { throw CalibrationError(.specification, "anatomy.grey_matter", "missing") }
            anatomy = .files(whiteMatter: try wm.string(), greyMatter: try gm.string(), csf: try a["csf"]?.string())
        }

        guard let scansNode = top["scans"] else { throw CalibrationError(.specification, "scans", "missing (at least one scan)") }
        let scanNodes = try scansNode.array()
        guard !scanNodes.isEmpty else { throw scansNode.fail("at least one scan is needed") }
        var scans: [Scan] = []
        for node in scanNodes {
            let s = try node.object(allowed: ["day", "t1gd", "flair", "pet", "cellularity", "adc", "cellularity_sigma", "comment"])
            guard let dayNode = s["day"] else { throw CalibrationError(.specification, node.child("day"), "missing") }
            let day = try dayNode.number()
            guard day >= 0 else { throw dayNode.fail("days are offsets from the first scan and cannot be negative (got \(day))") }
            guard day <= PatientSpecification.maximumDay else {
                throw dayNode.fail("a scan \(day) days after the first is beyond \(Int(PatientSpecification.maximumDay)) days (100 years)")
            }
            var flairIncludes = true
            var flair: Segmentation?
            if let f = s["flair"] {
                let o = try f.object(allowed: ["mask", "labels", "convention", "includes_t1gd"])
                flair = try segmentation(o, node: f)
                if let inc = o["includes_t1gd"] { flairIncludes = try inc.bool() }
            }
            let t1: Segmentation?
            if let t = s["t1gd"] {
                let o = try t.object(allowed: ["mask", "labels", "convention"])
                t1 = try segmentation(o, node: t)
            } else { t1 = nil }
            var cellularity: Cellularity?
            if let c = s["cellularity"] { cellularity = .map(path: try c.string()) }
            if let a = s["adc"] {
                guard cellularity == nil else { throw a.fail("give either cellularity or adc, not both") }
                let o = try a.object(allowed: ["map", "adc_w", "adc_min"])
                guard let m = o["map"] else { throw CalibrationError(.specification, a.child("map"), "missing") }
                guard let w = o["adc_w"] else { throw CalibrationError(.specification, a.child("adc_w"), "missing (ADC of healthy white matter)") }
                guard let mn = o["adc_min"] else { throw CalibrationError(.specification, a.child("adc_min"), "missing (ADC of fully packed tissue)") }
                let adcW = try w.number(), adcMin = try mn.number()
                guard adcW > adcMin else { throw w.fail("adc_w must exceed adc_min (got \(adcW) ≤ \(adcMin))") }
                cellularity = .adc(path: try m.string(), healthyADC: adcW, minimumADC: adcMin)
            }
            var sigmaC = 0.1
            if let n = s["cellularity_sigma"] {
                sigmaC = try n.number()
                guard sigmaC > 0 else { throw n.fail("must be positive") }
            }
            let pet = try s["pet"]?.string()
            guard t1 != nil || flair != nil || pet != nil || cellularity != nil else {
                throw node.fail("a scan needs at least one of t1gd, flair, pet, cellularity, adc")
            }
            scans.append(Scan(day: day, t1Gd: t1, flair: flair, flairIncludesT1Gd: flairIncludes, pet: pet,
                              cellularity: cellularity, cellularitySigma: sigmaC))
        }
        let days = scans.map(\.day)
        if Set(days).count != days.count { throw CalibrationError(.specification, "scans", "two scans share a day (\(days))") }
        guard days.min() == 0 else {
            throw CalibrationError(.specification, "scans", "days are offsets from the first scan: the earliest day must be 0 (got \(days.min() ?? 0))")
        }
        scans.sort { $0.day < $1.day }

        var volumes: Volumes?
        if let v = top["volumes"] {
            let o = try v.object(allowed: ["csv"])
            guard let csv = o["csv"] else { throw CalibrationError(.specification, v.child("csv"), "missing") }
            volumes = Volumes(csv: try csv.string())
        }

        var model = Model()
        if let m = top["model"] {
            let o = try m.object(allowed: ["resolution_mm", "screen_resolution_mm", "diffusivity_ratio", "fixed", "priors",
                                           "link", "sigma_alpha", "epsilon", "subsample", "initial_sigma_mm",
                                           "initial_amplitude", "sample_sigma_alpha", "max_rescaled_step"])
            if let r = o["resolution_mm"] {
                model.resolutionMillimeters = try r.integer()
                guard [1, 2, 4].contains(model.resolutionMillimeters) else { throw r.fail("must be 1, 2 or 4 (mm)") }
            }
            if let r = o["screen_resolution_mm"] {
                let v = try r.integer()
                guard [2, 4, 8].contains(v) else { throw r.fail("must be 2, 4 or 8 (mm)") }
                model.screenResolutionMillimeters = v
            }
            if let r = o["diffusivity_ratio"] {
                model.diffusivityRatio = try r.number()
                guard model.diffusivityRatio >= 1 else { throw r.fail("D_w/D_g must be ≥ 1") }
            }
            if let f = o["fixed"] {
                for (key, node) in try f.dictionary() {
                    guard ModelParameter(rawValue: key) != nil else {
                        throw CalibrationError(.specification, node.path, "unknown parameter (known: \(ModelParameter.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    model.fixed[key] = try node.number()
                }
            }
            if let p = o["priors"] {
                for (key, node) in try p.dictionary() {
                    guard ModelParameter(rawValue: key) != nil else {
                        throw CalibrationError(.specification, node.path, "unknown parameter (known: \(ModelParameter.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    model.priors[key] = try prior(node)
                }
            }
            if let l = o["link"] {
                let s = try l.string()
                guard let link = SegmentationLink(rawValue: s) else {
                    throw l.fail("unknown link \"\(s)\" (known: \(SegmentationLink.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                model.link = link
            }
            if let s = o["sigma_alpha"] {
                model.sigmaAlpha = try s.number()
                guard model.sigmaAlpha > 0 else { throw s.fail("must be positive") }
            }
            if let e = o["epsilon"] {
                model.epsilon = try e.number()
                guard model.epsilon >= 0 && model.epsilon < 0.5 else { throw e.fail("must be in [0, 0.5)") }
            }
            if let s = o["subsample"] {
                let so = try s.object(allowed: ["every", "roi_margin_mm"])
                if let e = so["every"] {
                    model.subsample.every = try e.integer()
                    guard model.subsample.every >= 1 else { throw e.fail("must be ≥ 1") }
                }
                if let r = so["roi_margin_mm"] {
                    if r.value is NSNull { model.subsample.roiMarginMillimeters = nil } else {
                        let v = try r.number()
                        guard v >= 0 else { throw r.fail("must be ≥ 0 (or null for the whole brain)") }
                        model.subsample.roiMarginMillimeters = v
                    }
                }
            }
            if let s = o["initial_sigma_mm"] {
                let v = try s.number()
                guard v > 0 else { throw s.fail("must be positive") }
                model.initialSigmaMillimeters = v
            }
            if let a = o["initial_amplitude"] {
                model.initialAmplitude = try a.number()
                guard model.initialAmplitude > 0 && model.initialAmplitude <= 1 else { throw a.fail("must be in (0, 1]") }
            }
            if let s = o["sample_sigma_alpha"] { model.sampleSigmaAlpha = try s.bool() }
            if let s = o["max_rescaled_step"] {
                let v = try s.number()
                guard v > 0 && v <= 1 else { throw s.fail("must be in (0, 1] (a step in units of 1/rho)") }
                model.maximumRescaledStep = v
            }
            if let screen = model.screenResolutionMillimeters, screen <= model.resolutionMillimeters {
                throw CalibrationError(.specification, "model.screen_resolution_mm",
                                       "must be coarser than resolution_mm (\(screen) ≤ \(model.resolutionMillimeters))")
            }
        }
        return PatientSpecification(name: name, anatomy: anatomy, scans: scans, volumes: volumes, model: model,
                                    baseDirectory: baseDirectory)
    }

    private static func segmentation(_ o: [String: SpecificationJSON], node: SpecificationJSON) throws(CalibrationError) -> Segmentation {
        if let m = o["mask"] {
            guard o["labels"] == nil else { throw node.fail("give either mask or labels, not both") }
            if let c = o["convention"] { throw c.fail("a convention applies to labels, not to a mask") }
            return .mask(path: try m.string())
        }
        guard let l = o["labels"] else { throw node.fail("needs \"mask\" or \"labels\"") }
        var convention: BraTSConvention?
        if let c = o["convention"] {
            let s = try c.string()
            if s != "auto" {
                guard let v = BraTSConvention(rawValue: s) else {
                    throw c.fail("unknown convention \"\(s)\" (known: auto, \(BraTSConvention.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                convention = v
            }
        }
        return .labels(path: try l.string(), convention: convention)
    }

    /// `{"uniform": [a, b]}`, `{"log_uniform": [a, b]}`, `{"normal": [m, s]}`, `{"log_normal": [m, s]}`,
    /// `{"truncated_normal": [m, s, a, b]}`; checked by the Probability module's validating factories.
    static func prior(_ node: SpecificationJSON) throws(CalibrationError) -> Prior {
        let o = try node.object(allowed: ["uniform", "log_uniform", "normal", "log_normal", "truncated_normal"])
        guard o.count == 1, let (kind, v) = o.first else { throw node.fail("give exactly one distribution") }
        let prior: Prior
        switch kind {
        case "uniform": let p = try v.numbers(count: 2); prior = .uniform(lower: p[0], upper: p[1])
        case "log_uniform": let p = try v.numbers(count: 2); prior = .logUniform(lower: p[0], upper: p[1])
        case "normal": let p = try v.numbers(count: 2); prior = .normal(mean: p[0], standardDeviation: p[1])
        case "log_normal": let p = try v.numbers(count: 2); prior = .logNormal(logMean: p[0], logStandardDeviation: p[1])
        default: let p = try v.numbers(count: 4); prior = .truncatedNormal(mean: p[0], standardDeviation: p[1], lower: p[2], upper: p[3])
        }
        if case .uniform(let a, let b) = prior, a >= b { throw v.fail("lower bound \(a) must be below upper bound \(b)") }
        if case .logUniform(let a, let b) = prior, a >= b || a <= 0 { throw v.fail("need 0 < lower < upper (got \(a), \(b))") }
        if case .truncatedNormal(_, _, let a, let b) = prior, a >= b { throw v.fail("lower bound \(a) must be below upper bound \(b)") }
        do { try prior.validate() } catch { throw v.fail("impossible prior: \(error)") }
        return prior
    }
}
