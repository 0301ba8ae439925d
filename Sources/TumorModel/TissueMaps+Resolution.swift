import Imaging

extension TissueMaps {
    /// How a coarser anatomy is made from the patient grid (both from Imaging's resampling).
    public enum Downsampling: String, Sendable, Codable {
        /// Mean tissue fraction of each `f³` block (`Volume.blockAveraged`): partial-volume fractions,
        /// integral preserved. The default for 2 mm / 4 mm levels of one patient.
        case blockAverage
        /// Coarse voxel `I` = fine voxel `f·I` (`Volume.pointSampled`): GliomaSolver's convention.
        case pointSample
    }

    /// The same anatomy on a grid `factor` times coarser (1 mm → 2 mm with 2, → 4 mm with 4), with the
    /// coarse grid's affine from Imaging.
    public func downsampled(factor: Int, method: Downsampling = .blockAverage) -> TissueMaps {
        precondition(factor >= 1, "downsampling factor must be at least 1")
        if factor == 1 { return self }
        func coarse(_ values: [Double]) -> Volume<Double> {
            let v = Volume(grid: grid, values: values)
            switch method {
            case .blockAverage: return v.blockAveraged(factor: factor)
            case .pointSample: return v.pointSampled(factor: factor)
            }
        }
        return TissueMaps(whiteMatter: coarse(whiteMatter), greyMatter: coarse(greyMatter), csf: csf.map(coarse))
    }
}
