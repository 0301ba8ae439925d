import Foundation
import Imaging
import TumorModel

/// The tissue maps `simulate` runs on: a folder with WM/GM(/CSF) fraction maps, or the built-in MNI atlas.
struct SimulationAnatomy {
    var tissue: TissueMaps
    var description: String
    var whiteMatterPath: String
    var greyMatterPath: String
    var csfPath: String?
    /// Factor applied to the stored values (1/255 for the built-in uint8 maps).
    var valueScale: Double

    /// Loads `spec` ("builtin" or a folder). Voxels with WM+GM < `minimumTissue` are set to 0 (outside).
    static func load(_ spec: String, context: CommandContext, minimumTissue: Double) throws -> SimulationAnatomy {
        let wmURL: URL, gmURL: URL, csfURL: URL?, scale: Double, description: String
        if spec == "builtin" {
            let builtin = try BuiltinAnatomy.locate(context: context)
            (wmURL, gmURL, csfURL, scale, description) = (builtin.whiteMatterURL, builtin.greyMatterURL, nil, 1.0 / 255,
                                                         "builtin MNI ICBM152 2009a (\(builtin.directory.path))")
        } else {
            let folder = context.resolve(spec)
            func find(_ stem: String) -> URL? {
                [".nii.gz", ".nii"].map { folder.appendingPathComponent(stem + $0) }
                    .first { FileManager.default.fileExists(atPath: $0.path) }
            }
            guard let wm = find("WM"), let gm = find("GM") else {
                throw CommandFailure.inputFile(spec, "anatomy folder needs WM.nii[.gz] and GM.nii[.gz] (white/grey-matter fractions)")
            }
            (wmURL, gmURL, csfURL, scale, description) = (wm, gm, find("CSF"), 1, spec)
        }
        func read(_ url: URL) throws -> Volume<Double> {
            var v = try NIfTIFile.readVolume(url)
            if scale != 1 { v.values = v.values.map { $0 * scale } }
            guard let bad = v.values.firstIndex(where: { !($0 >= -1e-6 && $0 <= 1 + 1e-6) }) else { return v }
            throw CommandFailure.inputFile(url.path, "tissue fractions must lie in [0, 1]; voxel \(bad) holds \(v.values[bad])")
        }
        let wm = try read(wmURL), gm = try read(gmURL), csf = try csfURL.map(read)
        var others = [(gm, gmURL)]
        if let csf, let csfURL { others.append((csf, csfURL)) }
        for (other, url) in others where !wm.grid.isCompatible(with: other.grid) {
            throw CommandFailure.inputFile(url.path, "grid \(other.grid.shape) / affine differs from the white-matter map \(wmURL.lastPathComponent)")
        }
        var tissue = TissueMaps(whiteMatter: wm, greyMatter: gm, csf: csf)
        for i in 0..<tissue.grid.count where tissue.whiteMatter[i] + tissue.greyMatter[i] < minimumTissue {
            tissue.whiteMatter[i] = 0
            tissue.greyMatter[i] = 0
        }
        return SimulationAnatomy(tissue: tissue, description: description, whiteMatterPath: wmURL.path,
                                 greyMatterPath: gmURL.path, csfPath: csfURL?.path, valueScale: scale)
    }
}

extension SimulationAnatomy {
    /// The same anatomy block-averaged by `factor` (Imaging's `blockAveraged`: the fraction of each tissue
    /// in each block), with voxels whose WM+GM falls below `minimumTissue` set outside again.
    func blockAveraged(factor: Int, minimumTissue: Double) -> SimulationAnatomy {
        guard factor > 1 else { return self }
        func average(_ values: [Double]) -> Volume<Double> { Volume(grid: tissue.grid, values: values).blockAveraged(factor: factor) }
        var copy = self
        copy.tissue = TissueMaps(whiteMatter: average(tissue.whiteMatter), greyMatter: average(tissue.greyMatter),
                                 csf: tissue.csf.map(average))
        for i in 0..<copy.tissue.grid.count where copy.tissue.whiteMatter[i] + copy.tissue.greyMatter[i] < minimumTissue {
            copy.tissue.whiteMatter[i] = 0
            copy.tissue.greyMatter[i] = 0
        }
        return copy
    }
}

/// `simulate.json`: exactly what was run.
struct SimulationRecord: Encodable {
    struct Anatomy: Encodable {
        var source: String, whiteMatter: String, greyMatter: String, csf: String?
        var valueScale: Double, shape: [Int], spacingMillimeters: [Double], affine: [[Double]]
        var minimumTissueFraction: Double, fractionRule: String, tissueVoxels: Int
        enum CodingKeys: String, CodingKey {
            case source, csf, shape, affine
            case whiteMatter = "white_matter", greyMatter = "grey_matter", valueScale = "value_scale"
            case spacingMillimeters = "spacing_mm", minimumTissueFraction = "min_tissue_fraction"
            case fractionRule = "fraction_rule", tissueVoxels = "tissue_voxels"
        }
    }
    struct Model: Encodable {
        var whiteMatterDiffusivity: Double, greyMatterDiffusivity: Double, diffusivityRatio: Double
        var proliferationRate: Double, equation: String
        enum CodingKeys: String, CodingKey {
            case equation
            case whiteMatterDiffusivity = "dw_mm2_per_day", greyMatterDiffusivity = "dg_mm2_per_day"
            case diffusivityRatio = "ratio_dw_dg", proliferationRate = "rho_per_day"
        }
    }
    struct Seed: Encodable {
        var space: String, given: [Double], worldMillimeters: [Double], voxel: [Double]
        enum CodingKeys: String, CodingKey { case space, given, voxel; case worldMillimeters = "world_mm" }
    }
    struct Initial: Encodable {
        var shape: String, sigmaMillimeters: Double?, amplitude: Double?, radiusMillimeters: Double?, widthMillimeters: Double?
        enum CodingKeys: String, CodingKey {
            case shape, amplitude
            case sigmaMillimeters = "sigma_mm", radiusMillimeters = "radius_mm", widthMillimeters = "width_mm"
        }
    }
    struct Numerics: Encodable {
        var scheme: String, precision: String, threads: Int, timeStepSafety: Double, largestTimeStepDays: Double
        var steps: Int, voxelUpdates: Int, activeRegionThreshold: Double, activeRegionMargin: Int, wallSeconds: Double
        enum CodingKeys: String, CodingKey {
            case scheme, precision, threads, steps
            case timeStepSafety = "time_step_safety", largestTimeStepDays = "largest_time_step_days"
            case voxelUpdates = "voxel_updates", activeRegionThreshold = "active_region_threshold"
            case activeRegionMargin = "active_region_margin_voxels", wallSeconds = "wall_seconds"
        }
    }
    struct Thresholds: Encodable { var t1gd: Double, flair: Double }
    struct Output: Encodable {
        var day: Double, density: String, t1gd: String, flair: String
        var maximum: Double, massCubicMillimeters: Double, t1gdVolumeCubicMillimeters: Double, flairVolumeCubicMillimeters: Double
        enum CodingKeys: String, CodingKey {
            case day, density, t1gd, flair
            case maximum = "max_c", massCubicMillimeters = "mass_mm3"
            case t1gdVolumeCubicMillimeters = "t1gd_volume_mm3", flairVolumeCubicMillimeters = "flair_volume_mm3"
        }
    }
    var tool: String, version: String
    var anatomy: Anatomy, model: Model, seed: Seed
    var initialCondition: Initial
    var numerics: Numerics, thresholds: Thresholds, outputs: [Output]
    enum CodingKeys: String, CodingKey {
        case tool, version, anatomy, model, seed, numerics, thresholds, outputs
        case initialCondition = "initial_condition"
    }
}
