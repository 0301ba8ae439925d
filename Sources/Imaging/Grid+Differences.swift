extension Grid {
    /// How this grid differs from `other`, in words (`nil` when they agree in shape and, to
    /// `tolerance` mm per entry, affine). Used to say which patient images disagree and how.
    ///
    /// Example: `"shape 256×256×256 vs 128×128×128; affine differs by up to 2 mm (entry [0,3]: 0 vs -2)"`.
    public func differences(from other: Grid, tolerance: Double = 1e-4) -> String? {
        var parts: [String] = []
        if shape != other.shape {
            parts.append("shape \(shape.x)×\(shape.y)×\(shape.z) vs \(other.shape.x)×\(other.shape.y)×\(other.shape.z)")
        }
        let difference = affine.maxAbsoluteDifference(to: other.affine)
        if !(difference <= tolerance) {
            let worst = (0..<12).max { abs(affine.rows[$0] - other.affine.rows[$0]) < abs(affine.rows[$1] - other.affine.rows[$1]) } ?? 0
            parts.append("affine differs by up to \(difference) mm (entry [\(worst / 4),\(worst % 4)]: \(affine.rows[worst]) vs \(other.affine.rows[worst]))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
