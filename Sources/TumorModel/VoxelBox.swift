/// An axis-aligned box of voxels with inclusive bounds, on a work grid.
public struct VoxelBox: Sendable, Equatable {
    /// Smallest voxel index along x, y, z (inclusive).
    public var lower: SIMD3<Int>
    /// Largest voxel index along x, y, z (inclusive).
    public var upper: SIMD3<Int>

    /// Creates a box; `lower ≤ upper` componentwise for a non-empty box.
    public init(lower: SIMD3<Int>, upper: SIMD3<Int>) {
        self.lower = lower
        self.upper = upper
    }

    /// The empty box (every union with it returns the other box).
    public static let empty = VoxelBox(lower: SIMD3(repeating: .max), upper: SIMD3(repeating: .min))

    /// Whether the box holds no voxel.
    @inlinable public var isEmpty: Bool { any(lower .> upper) }

    /// Number of voxels inside.
    @inlinable public var count: Int {
        isEmpty ? 0 : (upper.x - lower.x + 1) * (upper.y - lower.y + 1) * (upper.z - lower.z + 1)
    }

    /// Smallest box holding both.
    @inlinable public func union(_ other: VoxelBox) -> VoxelBox {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return VoxelBox(lower: pointwiseMin(lower, other.lower), upper: pointwiseMax(upper, other.upper))
    }

    /// The box grown by `margin` voxels on every side and clamped to `[low, high]`.
    @inlinable public func expanded(by margin: Int, clampedTo low: SIMD3<Int>, _ high: SIMD3<Int>) -> VoxelBox {
        if isEmpty { return self }
        return VoxelBox(lower: pointwiseMax(lower &- margin, low), upper: pointwiseMin(upper &+ margin, high))
    }
}
