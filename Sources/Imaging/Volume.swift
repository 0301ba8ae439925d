/// A scalar field on a 3-D grid: geometry plus flat contiguous voxel values in NIfTI order.
public struct Volume<Scalar: Sendable>: Sendable {
    /// Shape, spacing and affine.
    public var grid: Grid
    /// Voxel values, `grid.count` of them, x fastest (see ``Grid/index(_:_:_:)``).
    public var values: [Scalar]

    /// Creates a volume; `values.count` must equal `grid.count`.
    public init(grid: Grid, values: [Scalar]) {
        precondition(values.count == grid.count,
                     "volume needs \(grid.count) values for shape \(grid.shape), got \(values.count)")
        self.grid = grid
        self.values = values
    }

    /// Creates a volume filled with one value.
    public init(grid: Grid, repeating value: Scalar) {
        self.grid = grid
        self.values = Array(repeating: value, count: grid.count)
    }

    /// Value at voxel (x, y, z).
    @inlinable public subscript(x: Int, y: Int, z: Int) -> Scalar {
        get { values[grid.index(x, y, z)] }
        set { values[grid.index(x, y, z)] = newValue }
    }
}
