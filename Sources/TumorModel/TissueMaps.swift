import Imaging

/// Tissue maps of one patient on one grid: white matter, grey matter and optionally CSF, as
/// probabilities or 0/1 masks (NIfTI order, see `Grid.index`).
public struct TissueMaps: Sendable {
    /// How tissue fractions become the diffusivity `D = D_w·p_w + D_g·p_g`.
    public enum FractionConvention: String, Sendable, Codable {
        /// `p_w = WM/(WM+GM)`, `p_g = GM/(WM+GM)` wherever `WM+GM > 0` (GliomaSolver's convention;
        /// every tissue voxel diffuses like a mixture of pure WM and GM).
        case renormalised
        /// `p_w = WM`, `p_g = GM` as given (partial-volume voxels diffuse more slowly).
        case raw
    }

    /// The common grid.
    public var grid: Grid
    /// White-matter fraction per voxel.
    public var whiteMatter: [Double]
    /// Grey-matter fraction per voxel.
    public var greyMatter: [Double]
    /// CSF fraction per voxel, if known. A voxel whose CSF fraction exceeds `WM+GM` is outside the domain.
    public var csf: [Double]?

    /// Creates tissue maps; all volumes must share one grid (shape and affine).
    public init<T: BinaryFloatingPoint>(whiteMatter: Volume<T>, greyMatter: Volume<T>, csf: Volume<T>? = nil) {
        precondition(whiteMatter.grid.isCompatible(with: greyMatter.grid),
                     "white- and grey-matter maps must share one grid")
        if let csf { precondition(whiteMatter.grid.isCompatible(with: csf.grid), "CSF map must share the tissue grid") }
        self.grid = whiteMatter.grid
        self.whiteMatter = whiteMatter.values.map { Double($0) }
        self.greyMatter = greyMatter.values.map { Double($0) }
        self.csf = csf.map { $0.values.map { Double($0) } }
    }

    /// Creates tissue maps from flat arrays on `grid`.
    public init(grid: Grid, whiteMatter: [Double], greyMatter: [Double], csf: [Double]? = nil) {
        precondition(whiteMatter.count == grid.count && greyMatter.count == grid.count,
                     "tissue maps need \(grid.count) values each")
        if let csf { precondition(csf.count == grid.count, "CSF map needs \(grid.count) values") }
        self.grid = grid
        self.whiteMatter = whiteMatter
        self.greyMatter = greyMatter
        self.csf = csf
    }

    /// A homogeneous white-matter block filling the whole grid (for analytic tests).
    public static func homogeneous(grid: Grid) -> TissueMaps {
        TissueMaps(grid: grid, whiteMatter: Array(repeating: 1, count: grid.count),
                   greyMatter: Array(repeating: 0, count: grid.count))
    }

    /// Whether voxel `i` belongs to the tumour's domain (brain tissue that is not CSF-dominated).
    @inlinable public func isTissue(_ i: Int) -> Bool {
        let tissue = whiteMatter[i] + greyMatter[i]
        guard tissue > 0 else { return false }
        if let csf, csf[i] > tissue { return false }
        return true
    }

    /// Relative diffusivity `D/D_w` of voxel `i` (0 outside the domain), for WM/GM ratio `r = D_w/D_g`.
    @inlinable public func relativeDiffusivity(_ i: Int, ratio: Double, convention: FractionConvention) -> Double {
        guard isTissue(i) else { return 0 }
        let w = whiteMatter[i], g = greyMatter[i]
        switch convention {
        case .renormalised: return (w + g / ratio) / (w + g)
        case .raw: return w + g / ratio
        }
    }

    /// Smallest box (inclusive voxel bounds) holding every tissue voxel, or `nil` if there is none.
    public func tissueBoundingBox() -> (lower: SIMD3<Int>, upper: SIMD3<Int>)? {
        var lower = grid.shape, upper = SIMD3<Int>(repeating: -1)
        for z in 0..<grid.shape.z {
            for y in 0..<grid.shape.y {
                for x in 0..<grid.shape.x where isTissue(grid.index(x, y, z)) {
                    let p = SIMD3(x, y, z)
                    lower = pointwiseMin(lower, p)
                    upper = pointwiseMax(upper, p)
                }
            }
        }
        return upper.x < 0 ? nil : (lower, upper)
    }
}
