/// BraTS tumour-segmentation label conventions and the masks the likelihood needs (DESIGN.md §2).
///
/// - 2017–2020: 1 = necrotic / non-enhancing core (NCR/NET), 2 = peritumoural edema (ED), 4 = enhancing tumour (ET).
/// - 2021 and later: 1 = necrotic core (NCR), 2 = edema (ED), 3 = enhancing tumour (ET).
///
/// The T1Gd-visible region is core + enhancing ({1, 4} or {1, 3}); the FLAIR-visible region is every
/// labelled voxel. Reference: Menze et al., IEEE TMI 34(10):1993–2024, 2015; Baid et al., arXiv:2107.02314 (2021).
public enum BraTSConvention: String, Sendable, CaseIterable, Codable {
    case brats2017 = "brats2017"
    case brats2021 = "brats2021"

    /// The non-zero labels this convention allows.
    public var labels: Set<Int> { self == .brats2017 ? [1, 2, 4] : [1, 2, 3] }
    /// Labels visible on T1 with gadolinium: necrotic core and enhancing tumour.
    public var t1GdVisibleLabels: Set<Int> { self == .brats2017 ? [1, 4] : [1, 3] }
    /// The enhancing-tumour label.
    public var enhancingLabel: Int { self == .brats2017 ? 4 : 3 }
    /// A readable name with the label meanings.
    public var summary: String {
        self == .brats2017 ? "BraTS 2017–2020 (0, 1 NCR/NET, 2 ED, 4 ET)" : "BraTS 2021+ (0, 1 NCR, 2 ED, 3 ET)"
    }

    /// The convention a label map uses, judged from the labels present: label 4 → 2017, label 3 → 2021;
    /// `nil` when neither or both are present (then the caller must say which).
    public static func detect(fromLabels present: Set<Int>) -> BraTSConvention? {
        switch (present.contains(4), present.contains(3)) {
        case (true, false): .brats2017
        case (false, true): .brats2021
        default: nil
        }
    }
}

/// A label map that does not fit a convention (bad data, not a programmer mistake).
public struct LabelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// A whole-number label the convention does not have; `voxelCount` voxels carry it.
        case unknownLabel(Int, voxelCount: Int, convention: BraTSConvention)
        /// A value that is not a whole number (or not finite) in a label map; first such voxel index.
        case notALabel(value: Double, voxelIndex: Int)
        /// The convention cannot be told from the labels present.
        case ambiguousConvention(labels: [Int])
    }
    /// The file or map concerned.
    public let source: String
    /// The problem.
    public let kind: Kind

    public init(source: String, kind: Kind) {
        self.source = source
        self.kind = kind
    }

    /// One line naming the source and the problem.
    public var description: String {
        switch kind {
        case .unknownLabel(let label, let count, let convention):
            return "\(source): label \(label) (\(count) voxels) is not in \(convention.summary); pick the other convention or fix the map"
        case .notALabel(let value, let index):
            return "\(source): value \(value) at voxel \(index) is not a whole-number label"
        case .ambiguousConvention(let labels):
            return "\(source): cannot tell the BraTS convention from labels \(labels); say brats2017 (ET = 4) or brats2021 (ET = 3)"
        }
    }
}

/// Counting labels and making the T1Gd- and FLAIR-visible masks from a BraTS label map.
public enum BraTSLabels {
    /// Voxel count per non-zero whole-number value; throws on a non-integer or non-finite value.
    public static func counts(_ labels: Volume<Double>, source: String = "label map") throws -> [Int: Int] {
        if let counts = LabelCounting.counts(labels.values, maxDistinct: Int.max) { return counts.filter { $0.key != 0 } }
        let index = labels.values.firstIndex { !$0.isFinite || $0.rounded() != $0 || abs($0) > 1e15 } ?? 0
        throw LabelError(source: source, kind: .notALabel(value: labels.values[index], voxelIndex: index))
    }

    /// Count per value, zero included, when every value is a whole number and there are at most
    /// `maxDistinct` distinct values; `nil` otherwise (a continuous map, not a label map).
    public static func valueCounts(_ values: [Double], maxDistinct: Int) -> [Int: Int]? {
        LabelCounting.counts(values, maxDistinct: maxDistinct)
    }

    /// Checks that every label belongs to `convention`; returns the per-label counts.
    @discardableResult
    public static func validate(_ labels: Volume<Double>, convention: BraTSConvention,
                                source: String = "label map") throws -> [Int: Int] {
        let counts = try counts(labels, source: source)
        if let unknown = counts.keys.sorted().first(where: { !convention.labels.contains($0) }) {
            throw LabelError(source: source, kind: .unknownLabel(unknown, voxelCount: counts[unknown] ?? 0, convention: convention))
        }
        return counts
    }

    /// The convention of a label map (see ``BraTSConvention/detect(fromLabels:)``), or an error when ambiguous.
    public static func detectConvention(_ labels: Volume<Double>, source: String = "label map") throws -> BraTSConvention {
        let present = Set(try counts(labels, source: source).keys)
        guard let convention = BraTSConvention.detect(fromLabels: present) else {
            throw LabelError(source: source, kind: .ambiguousConvention(labels: present.sorted()))
        }
        return convention
    }

    /// The T1Gd-visible mask: core + enhancing labels. Throws on labels outside the convention.
    public static func t1GdVisibleMask(_ labels: Volume<Double>, convention: BraTSConvention,
                                       source: String = "label map") throws -> Volume<Bool> {
        try validate(labels, convention: convention, source: source)
        let core = 1.0, enhancing = Double(convention.enhancingLabel)
        return Volume(grid: labels.grid, values: MaskKernels.map(labels.values) { $0 == core || $0 == enhancing })
    }

    /// The FLAIR-visible mask: every labelled (non-zero) voxel. Throws on labels outside the convention.
    public static func flairVisibleMask(_ labels: Volume<Double>, convention: BraTSConvention,
                                        source: String = "label map") throws -> Volume<Bool> {
        try validate(labels, convention: convention, source: source)
        return labels.nonZeroMask()
    }
}

extension Volume where Scalar == Double {
    /// `true` where the value is non-zero (NaN counts as non-zero, as in numpy's `!= 0`).
    public func nonZeroMask() -> Volume<Bool> {
        Volume<Bool>(grid: grid, values: MaskKernels.map(values) { $0 != 0 })
    }
}

extension Volume where Scalar == Bool {
    /// Voxel-wise OR of two masks on the same grid, e.g. a FLAIR mask ∪ the T1Gd-visible mask when the
    /// FLAIR segmentation excludes the T1Gd region (as in the lipkova-case data).
    public func union(_ other: Volume<Bool>) -> Volume<Bool> {
        precondition(grid.isCompatible(with: other.grid), "union of masks on different grids: \(grid.shape) vs \(other.grid.shape)")
        return Volume(grid: grid, values: MaskKernels.combine(values, other.values) { $0 || $1 })
    }

    /// Voxel-wise AND of two masks on the same grid.
    public func intersection(_ other: Volume<Bool>) -> Volume<Bool> {
        precondition(grid.isCompatible(with: other.grid), "intersection of masks on different grids: \(grid.shape) vs \(other.grid.shape)")
        return Volume(grid: grid, values: MaskKernels.combine(values, other.values) { $0 && $1 })
    }

    /// Number of `true` voxels.
    public var trueCount: Int {
        values.withUnsafeBufferPointer { buffer in
            var count = 0
            for i in 0..<buffer.count where buffer[i] { count += 1 }
            return count
        }
    }
}

/// Counting distinct whole-number values quickly (a table for 0…255, a dictionary beyond).
enum LabelCounting {
    /// Count per value when every value is a whole number (|v| ≤ 10¹⁵) and there are at most
    /// `maxDistinct` distinct values; otherwise `nil`. Zero is included.
    static func counts(_ values: [Double], maxDistinct: Int) -> [Int: Int]? {
        var small = [Int](repeating: 0, count: 256)
        var large: [Int: Int] = [:]
        let ok: Bool = small.withUnsafeMutableBufferPointer { table in
            values.withUnsafeBufferPointer { buffer in
                for i in 0..<buffer.count {
                    let v = buffer[i]
                    if v >= 0 && v < 256 {
                        let k = Int(v)  // truncation; whole numbers only
                        guard Double(k) == v else { return false }
                        table[k] += 1
                    } else {
                        guard v.isFinite, abs(v) <= 1e15, Double(Int(v)) == v else { return false }
                        large[Int(v), default: 0] += 1
                        if large.count > maxDistinct { return false }
                    }
                }
                return true
            }
        }
        guard ok else { return nil }
        for (k, n) in small.enumerated() where n > 0 { large[k] = n }
        return large.count <= maxDistinct ? large : nil
    }
}

/// Voxel-wise kernels over flat buffers (non-generic so they stay quick in unoptimised test builds).
enum MaskKernels {
    static func map(_ values: [Double], _ predicate: (Double) -> Bool) -> [Bool] {
        values.withUnsafeBufferPointer { input in
            [Bool](unsafeUninitializedCapacity: input.count) { output, initialized in
                for i in 0..<input.count { output[i] = predicate(input[i]) }
                initialized = input.count
            }
        }
    }

    static func combine(_ a: [Bool], _ b: [Bool], _ operation: (Bool, Bool) -> Bool) -> [Bool] {
        precondition(a.count == b.count, "masks of different sizes: \(a.count) vs \(b.count)")
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                [Bool](unsafeUninitializedCapacity: x.count) { output, initialized in
                    for i in 0..<x.count { output[i] = operation(x[i], y[i]) }
                    initialized = x.count
                }
            }
        }
    }
}
