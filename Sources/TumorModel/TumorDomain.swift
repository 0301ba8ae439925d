import Imaging

/// The solver's view of one anatomy: the tissue bounding box padded by one ghost voxel per side,
/// and the precomputed face coefficients of the diffusion operator on it.
///
/// Face coefficient between voxels `i` and `j = i + e_a` (axis `a`):
/// `k = H(d_i, d_j) / h_a²` with `d = D/D_w` (relative diffusivity) and the harmonic mean
/// `H(a, b) = 2ab/(a+b)`, or 0 when either voxel is outside the domain (`a + b < 1e-8`). A zero face is a
/// no-flux wall, so the tissue boundary needs no special case and the scheme conserves mass exactly.
/// `D_w` is not baked in: the solver multiplies by `D_w·Δt`, so one domain serves every `D_w` (and every
/// `κ = D_w/ρ` of the time-rescaled run) for a fixed WM/GM ratio.
public struct TumorDomain<Scalar: SolverScalar>: Sendable {
    /// The patient grid the tissue maps live on.
    public let patientGrid: Grid
    /// The working grid: the tissue box plus one ghost layer, with the matching affine.
    public let workGrid: Grid
    /// Patient-grid voxel of work-grid voxel (0, 0, 0) (may be −1 because of the ghost layer).
    public let origin: SIMD3<Int>
    /// `D_w/D_g`.
    public let diffusivityRatio: Double
    /// The fraction convention used.
    public let convention: TissueMaps.FractionConvention
    /// Face coefficient to the +x / +y / +z neighbour, 1/mm² per unit `D_w`, on the work grid.
    public let faceX: [Scalar], faceY: [Scalar], faceZ: [Scalar]
    /// Whether each work-grid voxel is tissue (the initial condition is zero elsewhere).
    public let isTissue: [Bool]
    /// `max_i Σ_faces k`, 1/mm²: the explicit step is monotone (and stable) for `D_w·Δt·this ≤ 1`.
    public let maximumRowSum: Double
    /// Number of tissue voxels.
    public let tissueVoxelCount: Int

    /// Builds the domain for tissue maps and a WM/GM diffusivity ratio `r = D_w/D_g` (default 10).
    public init(tissue: TissueMaps, diffusivityRatio: Double = 10,
                convention: TissueMaps.FractionConvention = .renormalised) {
        precondition(diffusivityRatio > 0 && diffusivityRatio.isFinite, "diffusivity ratio must be positive")
        let grid = tissue.grid
        let (lower, upper) = tissue.tissueBoundingBox() ?? (SIMD3(0, 0, 0), SIMD3(0, 0, 0))
        let origin = lower &- 1
        let shape = upper &- lower &+ 3
        let a = grid.affine
        var rows = a.rows
        for r in 0..<3 {
            rows[r * 4 + 3] += a[r, 0] * Double(origin.x) + a[r, 1] * Double(origin.y) + a[r, 2] * Double(origin.z)
        }
        let work = Grid(shape: shape, spacingMillimeters: grid.spacingMillimeters, affine: Affine(rows: rows))
        self.patientGrid = grid
        self.workGrid = work
        self.origin = origin
        self.diffusivityRatio = diffusivityRatio
        self.convention = convention

        // Relative diffusivity on the work grid (0 in the ghost layer and outside tissue).
        var relative = [Double](repeating: 0, count: work.count)
        var mask = [Bool](repeating: false, count: work.count)
        var tissueCount = 0
        for z in 1..<(shape.z - 1) {
            for y in 1..<(shape.y - 1) {
                for x in 1..<(shape.x - 1) {
                    let p = grid.index(x + origin.x, y + origin.y, z + origin.z)
                    let w = work.index(x, y, z)
                    if tissue.isTissue(p) {
                        mask[w] = true
                        tissueCount += 1
                        relative[w] = tissue.relativeDiffusivity(p, ratio: diffusivityRatio, convention: convention)
                    }
                }
            }
        }
        let h2 = grid.spacingMillimeters * grid.spacingMillimeters
        func face(_ i: Int, _ j: Int, _ hh: Double) -> Double {
            let s = relative[i] + relative[j]
            return s < 1e-8 ? 0 : 2 * relative[i] * relative[j] / s / hh
        }
        // Faces in Double, then one conversion (dispatched so it runs specialised, see `converted`).
        var kx = [Double](repeating: 0, count: work.count)
        var ky = kx, kz = kx
        let sx = 1, sy = shape.x, sz = shape.x * shape.y
        for z in 0..<shape.z {
            for y in 0..<shape.y {
                for x in 0..<shape.x {
                    let i = work.index(x, y, z)
                    if x + 1 < shape.x { kx[i] = face(i, i + sx, h2.x) }
                    if y + 1 < shape.y { ky[i] = face(i, i + sy, h2.y) }
                    if z + 1 < shape.z { kz[i] = face(i, i + sz, h2.z) }
                }
            }
        }
        var maxSum = 0.0
        for z in 1..<(shape.z - 1) {
            for y in 1..<(shape.y - 1) {
                for x in 1..<(shape.x - 1) {
                    let i = work.index(x, y, z)
                    maxSum = max(maxSum, kx[i] + kx[i - sx] + ky[i] + ky[i - sy] + kz[i] + kz[i - sz])
                }
            }
        }
        self.faceX = Self.converted(kx)
        self.faceY = Self.converted(ky)
        self.faceZ = Self.converted(kz)
        self.isTissue = mask
        self.maximumRowSum = maxSum
        self.tissueVoxelCount = tissueCount
    }

    /// `[Double]` → `[Scalar]`, through concrete code for Float and Double (a generic element-wise
    /// conversion called from another module runs unspecialised, ~20× slower).
    static func converted(_ values: [Double]) -> [Scalar] {
        if Scalar.self == Double.self, let same = values as? [Scalar] { return same }
        if Scalar.self == Float.self, let single = values.map({ Float($0) }) as? [Scalar] { return single }
        return values.map { Scalar($0) }
    }

    /// Largest stable (monotone) explicit diffusion step for white-matter diffusivity `D_w` (mm²/day).
    public func maximumStableTimeStep(whiteMatterDiffusivity: Double) -> Double {
        maximumRowSum > 0 ? 1 / (whiteMatterDiffusivity * maximumRowSum) : .infinity
    }

    /// Copies work-grid values into a zero-filled volume on the patient grid.
    @inlinable public func patientVolume<T>(from work: [T], zero: T) -> Volume<T> {
        precondition(work.count == workGrid.count, "need \(workGrid.count) work-grid values")
        var out = [T](repeating: zero, count: patientGrid.count)
        let s = workGrid.shape
        for z in 1..<(s.z - 1) {
            for y in 1..<(s.y - 1) {
                let pz = z + origin.z, py = y + origin.y
                let rowP = patientGrid.index(origin.x + 1, py, pz)
                let rowW = workGrid.index(1, y, z)
                for x in 0..<(s.x - 2) { out[rowP + x] = work[rowW + x] }
            }
        }
        return Volume(grid: patientGrid, values: out)
    }

    /// Work-grid values of a patient-grid field.
    @inlinable public func workValues<T>(from patient: [T], zero: T) -> [T] {
        precondition(patient.count == patientGrid.count, "need \(patientGrid.count) patient-grid values")
        var out = [T](repeating: zero, count: workGrid.count)
        let s = workGrid.shape
        for z in 1..<(s.z - 1) {
            for y in 1..<(s.y - 1) {
                let rowP = patientGrid.index(origin.x + 1, y + origin.y, z + origin.z)
                let rowW = workGrid.index(1, y, z)
                for x in 0..<(s.x - 2) { out[rowW + x] = patient[rowP + x] }
            }
        }
        return out
    }
}
