/// The geometry of a 3-D voxel grid: shape, voxel spacing (mm) and the voxel → world affine.
///
/// Storage order everywhere in GlioBayes is NIfTI order: `x` fastest, then `y`, then `z`
/// (`index = x + nx·(y + ny·z)`). ``index(_:_:_:)`` is the one index function.
public struct Grid: Sendable, Equatable, Codable {
    /// Number of voxels along x, y, z.
    public var shape: SIMD3<Int>
    /// Voxel size along x, y, z, in millimetres.
    public var spacingMillimeters: SIMD3<Double>
    /// Voxel index → world millimetres.
    public var affine: Affine

    /// Creates a grid. `affine` defaults to `diag(spacing)`.
    public init(shape: SIMD3<Int>, spacingMillimeters: SIMD3<Double>, affine: Affine? = nil) {
        precondition(shape.x > 0 && shape.y > 0 && shape.z > 0, "grid shape must be positive, got \(shape)")
        precondition(spacingMillimeters.x > 0 && spacingMillimeters.y > 0 && spacingMillimeters.z > 0,
                     "grid spacing must be positive, got \(spacingMillimeters)")
        self.shape = shape
        self.spacingMillimeters = spacingMillimeters
        self.affine = affine ?? .scaling(spacingMillimeters)
    }

    /// Total number of voxels.
    @inlinable public var count: Int { shape.x * shape.y * shape.z }

    /// Volume of one voxel in mm³.
    @inlinable public var voxelVolumeCubicMillimeters: Double {
        spacingMillimeters.x * spacingMillimeters.y * spacingMillimeters.z
    }

    /// Flat index of voxel (x, y, z); x fastest.
    @inlinable public func index(_ x: Int, _ y: Int, _ z: Int) -> Int {
        x + shape.x * (y + shape.y * z)
    }

    /// The (x, y, z) voxel of a flat index.
    @inlinable public func coordinates(ofIndex i: Int) -> SIMD3<Int> {
        let x = i % shape.x
        let yz = i / shape.x
        return SIMD3(x, yz % shape.y, yz / shape.y)
    }

    /// Whether two grids agree in shape and affine (to `tolerance` mm per affine entry).
    public func isCompatible(with other: Grid, tolerance: Double = 1e-4) -> Bool {
        shape == other.shape && affine.maxAbsoluteDifference(to: other.affine) <= tolerance
    }
}
