import Foundation

/// Size and position of a binary mask: voxel count, volume, centroid, equivalent-sphere radius.
public struct MaskStatistics: Sendable, Equatable {
    /// Number of voxels in the mask.
    public var voxelCount: Int
    /// Volume in mm³: `voxelCount · (voxel volume)`, the voxel volume being the product of the grid spacing.
    public var volumeCubicMillimeters: Double
    /// Mean voxel index of the mask (fractional), or `nil` for an empty mask.
    public var centroidVoxel: SIMD3<Double>?
    /// The centroid in world millimetres (through the grid's affine), or `nil` for an empty mask.
    public var centroidWorldMillimeters: SIMD3<Double>?
    /// Radius of the sphere with the same volume, `r = (3V / 4π)^{1/3}` in mm (0 for an empty mask).
    public var equivalentSphereRadiusMillimeters: Double

    /// Computes the statistics of `mask`.
    public init(_ mask: Volume<Bool>) {
        let grid = mask.grid
        var count = 0
        var sum = SIMD3<Double>(0, 0, 0)
        mask.values.withUnsafeBufferPointer { values in
            let (nx, ny, nz) = (grid.shape.x, grid.shape.y, grid.shape.z)
            for z in 0..<nz {
                for y in 0..<ny {
                    let row = grid.index(0, y, z)
                    var rowCount = 0
                    var rowSumX = 0
                    for x in 0..<nx where values[row + x] {
                        rowCount += 1
                        rowSumX += x
                    }
                    if rowCount > 0 {
                        count += rowCount
                        sum += SIMD3(Double(rowSumX), Double(rowCount * y), Double(rowCount * z))
                    }
                }
            }
        }
        voxelCount = count
        volumeCubicMillimeters = Double(count) * grid.voxelVolumeCubicMillimeters
        if count > 0 {
            let centroid = sum / Double(count)
            centroidVoxel = centroid
            centroidWorldMillimeters = grid.affine.world(fromVoxel: centroid)
        } else {
            centroidVoxel = nil
            centroidWorldMillimeters = nil
        }
        equivalentSphereRadiusMillimeters = Self.equivalentSphereRadius(volumeCubicMillimeters: volumeCubicMillimeters)
    }

    /// `r = (3V / 4π)^{1/3}`, mm, for a volume `V` in mm³.
    public static func equivalentSphereRadius(volumeCubicMillimeters volume: Double) -> Double {
        precondition(volume >= 0, "volume must be non-negative, got \(volume)")
        return Foundation.cbrt(3 * volume / (4 * Double.pi))
    }
}
