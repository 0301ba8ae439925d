/// Agreement measures between two density fields on one grid (used to compare with GliomaSolver).
public enum FieldComparison {
    /// Relative L2 difference `‖a − b‖₂ / ‖b‖₂` (`b` is the reference).
    public static func relativeL2<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(_ a: [A], reference b: [B]) -> Double {
        precondition(a.count == b.count, "fields differ in size: \(a.count) vs \(b.count)")
        var num = 0.0, den = 0.0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            num += d * d
            den += Double(b[i]) * Double(b[i])
        }
        return den > 0 ? (num / den).squareRoot() : (num > 0 ? .infinity : 0)
    }

    /// Dice overlap `2|A∩B| / (|A| + |B|)` of the sets `a > θ` and `b > θ` (1 if both are empty).
    public static func dice<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(_ a: [A], _ b: [B], above theta: Double) -> Double {
        precondition(a.count == b.count, "fields differ in size: \(a.count) vs \(b.count)")
        var both = 0, inA = 0, inB = 0
        for i in a.indices {
            let x = Double(a[i]) > theta, y = Double(b[i]) > theta
            if x { inA += 1 }
            if y { inB += 1 }
            if x && y { both += 1 }
        }
        return inA + inB == 0 ? 1 : 2 * Double(both) / Double(inA + inB)
    }

    /// Largest absolute difference.
    public static func maximumAbsoluteDifference<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(_ a: [A], _ b: [B]) -> Double {
        precondition(a.count == b.count, "fields differ in size: \(a.count) vs \(b.count)")
        var m = 0.0
        for i in a.indices { m = max(m, abs(Double(a[i]) - Double(b[i]))) }
        return m
    }
}
