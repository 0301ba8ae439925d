import Foundation
import Imaging
import TumorModel

/// A patient's data on one inference grid (1, 2 or 4 mm): the tumour domain built from block-averaged
/// tissue maps, and the observations at the likelihood voxels.
///
/// Resampling (Imaging): tissue fractions, PET and cellularity are block averages over the `f×f×f`
/// patient voxels of each inference voxel (`f = resolution / patient spacing`); masks use the majority
/// rule. Likelihood voxels: tissue voxels inside the region of interest (the box around every lesion
/// mask grown by `roi_margin_mm`; the whole brain if that is null), keeping every `every`-th in storage
/// order. These choices are reported in the run record.
public struct ObservationModel: Sendable {
    public struct Scan: Sendable {
        public var day: Double
        public var t1Gd: [Bool]?
        public var flair: [Bool]?
        /// PET values at the likelihood voxels where the PET map is non-zero (``petPositions``): the
        /// FET-PET likelihood is applied only where the map carries signal (maps such as the lipkova
        /// case's are zero outside the T1Gd region by construction, i.e. undefined there).
        public var pet: [Double]?
        /// Positions into ``ObservationModel/voxels`` of the PET values.
        public var petPositions: [Int]?
        public var cellularity: [Double]?
        public var cellularitySigma: Double
    }

    public let resolutionMillimeters: Int
    /// Patient voxels per inference voxel along each axis.
    public let factor: Int
    public let domain: TumorDomain<Double>
    /// Work-grid indices of the likelihood voxels.
    public let voxels: [Int]
    /// Tissue voxels of the region of interest before sub-sampling.
    public let regionVoxelCount: Int
    public let scans: [Scan]
    public let sizes: [PatientData.SizeObservation]
    public let link: SegmentationLink
    public let epsilon: Double
    /// The forward model on this grid (initial blob, rescaled step bound).
    public let forwardMap: GrowthForwardMap
    /// Output days of a forward run relative to the first scan (scan days and size-table days, sorted).
    public let outputDays: [Double]
    /// The work-grid voxels whose density the likelihood reads: ``voxels`` first, then (only when a
    /// size table is given, whose visible volumes count the whole brain) every other tissue voxel.
    public let watchedVoxels: WatchedVoxels
    /// The largest visible lesion of any scan (T1Gd ∪ FLAIR on this grid) or size-table entry, in voxels
    /// of this grid (0 if there is none).
    public var largestLesionVoxelCount: Double { max(largestT1GdLesionVoxelCount, largestFLAIRLesionVoxelCount) }
    /// The largest T1Gd-visible region, and the largest FLAIR-visible region (which includes T1Gd), of any
    /// scan or size-table entry, in voxels of this grid (0 if there is none): the reference sizes of the
    /// likelihood's truncation rules.
    public let largestT1GdLesionVoxelCount: Double
    public let largestFLAIRLesionVoxelCount: Double

    public init(data: PatientData, resolutionMillimeters res: Int) throws(CalibrationError) {
        let spacing = data.grid.spacingMillimeters
        let ratio = Double(res) / spacing.x
        guard abs(spacing.x - spacing.y) < 1e-3 * spacing.x, abs(spacing.x - spacing.z) < 1e-3 * spacing.x,
              ratio >= 1 - 1e-6, abs(ratio - ratio.rounded()) < 1e-3 else {
            throw CalibrationError(.specification, "model.resolution_mm",
                                   "\(res) mm is not a whole multiple of the patient grid spacing \(spacing.x)×\(spacing.y)×\(spacing.z) mm")
        }
        let f = Int(ratio.rounded())
        let model = data.specification.model
        resolutionMillimeters = res
        factor = f
        func average(_ v: Volume<Double>) -> Volume<Double> { f == 1 ? v : v.blockAveraged(factor: f) }
        func coarse(_ m: Volume<Bool>) -> Volume<Bool> { f == 1 ? m : m.blockDownsampled(factor: f, rule: .majority) }
        let tissue = TissueMaps(whiteMatter: average(data.whiteMatter), greyMatter: average(data.greyMatter),
                                csf: data.csf.map(average))
        let domain = TumorDomain<Double>(tissue: tissue, diffusivityRatio: model.diffusivityRatio)
        self.domain = domain
        let grid = tissue.grid

        var coarseScans: [(day: Double, t1: Volume<Bool>?, flair: Volume<Bool>?, pet: Volume<Double>?, cell: Volume<Double>?, sigma: Double)] = []
        for s in data.scans {
            coarseScans.append((s.day, s.t1Gd.map(coarse), s.flair.map(coarse), s.pet.map(average), s.cellularity.map(average), s.cellularitySigma))
        }
        // Region of interest: box around all lesion voxels, grown by the margin.
        var lower = SIMD3<Int>(0, 0, 0), upper = grid.shape &- 1
        if let margin = model.subsample.roiMarginMillimeters {
            var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
            for s in coarseScans {
                for m in [s.t1, s.flair].compactMap({ $0 }) {
                    for i in m.values.indices where m.values[i] {
                        let c = grid.coordinates(ofIndex: i)
                        lo = pointwiseMin(lo, c); hi = pointwiseMax(hi, c)
                    }
                }
            }
            if lo.x <= hi.x {
                let grow = Int((margin / Double(res)).rounded(.up))
                lower = pointwiseMax(lo &- grow, SIMD3(0, 0, 0))
                upper = pointwiseMin(hi &+ grow, grid.shape &- 1)
            }
        }
        var region: [(work: Int, patient: Int)] = []
        let work = domain.workGrid
        for z in lower.z...upper.z {
            for y in lower.y...upper.y {
                for x in lower.x...upper.x {
                    let w = SIMD3(x, y, z) &- domain.origin
                    guard w.x >= 0, w.y >= 0, w.z >= 0, w.x < work.shape.x, w.y < work.shape.y, w.z < work.shape.z else { continue }
                    let wi = work.index(w.x, w.y, w.z)
                    if domain.isTissue[wi] { region.append((wi, grid.index(x, y, z))) }
                }
            }
        }
        guard !region.isEmpty else { throw CalibrationError(.data, "model.subsample", "the region of interest holds no tissue voxel") }
        regionVoxelCount = region.count
        let kept = stride(from: 0, to: region.count, by: model.subsample.every).map { region[$0] }
        voxels = kept.map(\.work)
        scans = coarseScans.map { s in
            let petPositions = s.pet.map { m in kept.indices.filter { m.values[kept[$0].patient] != 0 } }
            return Scan(day: s.day, t1Gd: s.t1.map { m in kept.map { m.values[$0.patient] } },
                 flair: s.flair.map { m in kept.map { m.values[$0.patient] } },
                 pet: s.pet.map { m in (petPositions ?? []).map { m.values[kept[$0].patient] } }, petPositions: petPositions,
                 cellularity: s.cell.map { m in kept.map { m.values[$0.patient] } }, cellularitySigma: s.sigma)
        }
        sizes = data.sizes
        link = model.link
        epsilon = model.epsilon
        forwardMap = GrowthForwardMap(domain: domain, initialSigmaMillimeters: model.initialSigmaMillimeters ?? Double(res),
                                      initialAmplitude: model.initialAmplitude, maximumRescaledStep: model.maximumRescaledStep)
        outputDays = Array(Set(data.scans.map(\.day) + data.sizes.map(\.day))).sorted()
        var watched = voxels
        if !data.sizes.isEmpty {
            let kept = Set(voxels)
            watched += domain.isTissue.indices.filter { domain.isTissue[$0] && !kept.contains($0) }
        }
        watchedVoxels = WatchedVoxels(watched, grid: domain.workGrid)
        // FLAIR-visible = FLAIR ∪ T1Gd on this grid (the T1Gd region is visible on FLAIR too).
        let t1Lesions = coarseScans.map { s in s.t1?.values.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0 }
        let flairLesions = coarseScans.map { s -> Int in
            let t1 = s.t1?.values, fl = s.flair?.values
            let n = t1?.count ?? fl?.count ?? 0
            return (0..<n).reduce(0) { $0 + ((t1?[$1] ?? false) || (fl?[$1] ?? false) ? 1 : 0) }
        }
        let voxelVolume = domain.workGrid.voxelVolumeCubicMillimeters
        func largestTabulated(_ region: PatientData.SizeObservation.Region) -> Double {
            (data.sizes.filter { $0.region == region }.map(\.volumeCubicMillimeters).max() ?? 0) / voxelVolume
        }
        largestT1GdLesionVoxelCount = max(Double(t1Lesions.max() ?? 0), largestTabulated(.t1gd))
        largestFLAIRLesionVoxelCount = max(Double(flairLesions.max() ?? 0), largestTabulated(.flair), largestT1GdLesionVoxelCount)
    }
}
