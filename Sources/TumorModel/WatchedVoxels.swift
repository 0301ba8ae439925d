import Imaging

/// The work-grid voxels whose density a rescaled run keeps at every node, grouped by z-plane so that a
/// node only visits the voxels inside the solver's active box (outside it c is exactly 0, and the
/// stored values there stay at their initial 0).
///
/// Build it once per set of voxels and reuse it for every run: grouping sorts the voxels (O(n log n)).
public struct WatchedVoxels: Sendable {
    /// The voxels in the caller's order: position k of every stored node is `indices[k]`.
    public let indices: [Int]
    /// The grid the indices refer to.
    public let grid: Grid
    /// Positions into ``indices`` sorted by work-grid index (so z, then y, then x ascending).
    let order: [Int32]
    /// `order[planeStart[z] ..< planeStart[z + 1]]` lie in plane z.
    let planeStart: [Int]
    /// (x, y) of each entry of ``order``.
    let planeCoordinates: [SIMD2<Int32>]

    /// - Precondition: every index lies on `grid`.
    public init(_ indices: [Int], grid: Grid) {
        precondition(indices.allSatisfy { $0 >= 0 && $0 < grid.count }, "watched voxels must lie on the grid")
        precondition(indices.count < Int(Int32.max), "too many watched voxels")
        self.indices = indices
        self.grid = grid
        let sorted = indices.indices.sorted { indices[$0] < indices[$1] }
        order = sorted.map { Int32($0) }
        let plane = grid.shape.x * grid.shape.y
        var start = [Int](repeating: sorted.count, count: grid.shape.z + 1)
        for k in stride(from: sorted.count - 1, through: 0, by: -1) { start[indices[sorted[k]] / plane] = k }
        for z in stride(from: grid.shape.z - 1, through: 0, by: -1) { start[z] = min(start[z], start[z + 1]) }
        planeStart = start
        planeCoordinates = sorted.map { k in
            let c = grid.coordinates(ofIndex: indices[k])
            return SIMD2(Int32(c.x), Int32(c.y))
        }
    }

    /// Number of voxels.
    public var count: Int { indices.count }
}
