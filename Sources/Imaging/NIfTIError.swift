import Foundation

/// A problem with a NIfTI file (bad data or environment, never a programmer mistake).
///
/// ``description`` is one line that names the file and the problem, e.g.
/// `tumT1c.nii.gz: unsupported datatype complex64 (32); GlioBayes reads uint8, int16, …`.
public struct NIfTIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        case fileNotFound
        case isDirectory
        case unreadable(reason: String)
        case emptyFile
        case truncatedHeader(bytesAvailable: Int, bytesNeeded: Int)
        /// `sizeof_hdr` is neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order.
        case unrecognisedHeaderSize(Int)
        case wrongMagic(found: String, expected: String)
        case dimensionCountOutOfRange(Int)
        case nonPositiveDimension(axis: Int, size: Int)
        /// More than one volume along dims 4…7: GlioBayes refuses real 4-D (or higher) images.
        case notThreeDimensional(dims: [Int])
        /// Voxel count overflows or exceeds ``NIfTIReadLimits/maxVoxels``; `voxels` is nil on overflow.
        case tooLarge(voxels: Int?, limit: Int)
        case unsupportedDatatype(code: Int)
        case bitpixMismatch(datatype: Int, bitpix: Int, expected: Int)
        case invalidVoxOffset(Double, reason: String)
        case voxOffsetPastEnd(voxOffset: Int, bytesAvailable: Int)
        case truncatedData(bytesAvailable: Int, bytesNeeded: Int)
        case nonFiniteSform
        case nonFiniteQuaternion
        case invalidPixdim(axis: Int, value: Double)
        /// `scl_slope` is valid but `scl_inter` is NaN or infinite (nibabel refuses these too).
        case nonFiniteIntercept(Double)
        case corruptGzip(reason: String)
        case missingImageFile(expectedPath: String)
        case missingHeaderFile(expectedPath: String)
        case valueDoesNotFit(value: Double, voxelIndex: Int, datatype: NIfTIDatatype)
        case writeFailed(reason: String)
    }

    /// The file concerned (path as given).
    public let path: String
    /// The problem.
    public let kind: Kind

    /// Creates an error about `path`.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Creates an error about `url`.
    public init(_ url: URL, _ kind: Kind) {
        self.init(path: url.path, kind: kind)
    }

    /// The problem alone, without the file name (one line).
    public var problem: String {
        switch kind {
        case .fileNotFound: return "no such file"
        case .isDirectory: return "is a directory, not a NIfTI file"
        case .unreadable(let reason): return "cannot be read: \(reason)"
        case .emptyFile: return "empty file (0 bytes)"
        case .truncatedHeader(let got, let need):
            return "truncated header: \(got) bytes, a NIfTI header needs \(need)"
        case .unrecognisedHeaderSize(let size):
            return "not a NIfTI file: sizeof_hdr is \(size), expected 348 (NIfTI-1) or 540 (NIfTI-2)"
        case .wrongMagic(let found, let expected):
            return "wrong magic \"\(found)\", expected \"\(expected)\""
        case .dimensionCountOutOfRange(let n):
            return "dim[0] is \(n), must be between 1 and 7"
        case .nonPositiveDimension(let axis, let size):
            return "dim[\(axis)] is \(size), image dimensions must be positive"
        case .notThreeDimensional(let dims):
            return "image has dims \(dims) with more than one volume beyond x, y, z; GlioBayes reads 3-D images only (split the 4-D file first)"
        case .tooLarge(let voxels, let limit):
            if let voxels {
                return "image has \(voxels) voxels, more than the limit of \(limit) (NIfTIReadLimits.maxVoxels)"
            }
            return "image dimensions overflow when multiplied (absurd dims); limit is \(limit) voxels"
        case .unsupportedDatatype(let code):
            return "unsupported datatype \(NIfTIDatatype.describe(code: code)); GlioBayes reads "
                + NIfTIDatatype.allCases.map(\.name).joined(separator: ", ")
        case .bitpixMismatch(let datatype, let bitpix, let expected):
            return "bitpix is \(bitpix) but datatype \(NIfTIDatatype.describe(code: datatype)) needs \(expected)"
        case .invalidVoxOffset(let value, let reason):
            return "invalid vox_offset \(value): \(reason)"
        case .voxOffsetPastEnd(let offset, let available):
            return "vox_offset \(offset) is past the end of the file (\(available) bytes)"
        case .truncatedData(let got, let need):
            return "truncated voxel data: \(got) bytes present, \(need) needed"
        case .nonFiniteSform:
            return "sform (srow_x/y/z) contains NaN or infinity"
        case .nonFiniteQuaternion:
            return "qform (quatern_b/c/d or qoffset) contains NaN or infinity"
        case .invalidPixdim(let axis, let value):
            return "pixdim[\(axis)] is \(value), voxel size must be finite and non-zero"
        case .nonFiniteIntercept(let value):
            return "scl_slope is valid but scl_inter is \(value)"
        case .corruptGzip(let reason):
            return "corrupt gzip stream: \(reason)"
        case .missingImageFile(let expected):
            return "header file has no image file beside it (expected \(expected))"
        case .missingHeaderFile(let expected):
            return "image file has no header file beside it (expected \(expected))"
        case .valueDoesNotFit(let value, let index, let datatype):
            return "value \(value) at voxel \(index) does not fit datatype \(datatype.name)"
                + (datatype.isInteger ? " (integers must be whole and within \(datatype.integerRange.map { "\(Int64($0.lowerBound))…\(UInt64(max(0, $0.upperBound)))" } ?? ""))" : "")
        case .writeFailed(let reason):
            return "cannot write: \(reason)"
        }
    }

    /// `"<path>: <problem>"`, one line.
    public var description: String { "\(path): \(problem)" }
}

/// Bounds checked before any large allocation when reading a NIfTI file.
public struct NIfTIReadLimits: Sendable, Equatable {
    /// Largest voxel count accepted. The default, 2²⁸ (268 million; 2 GiB as `Double`), is 16× a 256³ image.
    public var maxVoxels: Int

    /// Creates limits.
    public init(maxVoxels: Int = 1 << 28) {
        precondition(maxVoxels > 0, "maxVoxels must be positive, got \(maxVoxels)")
        self.maxVoxels = maxVoxels
    }

    /// The default limits.
    public static let `default` = NIfTIReadLimits()
}
