/// The NIfTI voxel datatypes GlioBayes reads and writes (FORMATS.md), with their header codes.
///
/// Other codes (binary 1, complex64 32, RGB24 128, float128 1536, complex128 1792, complex256 2048,
/// RGBA32 2304, uint64 1280) are refused with ``NIfTIError/Kind/unsupportedDatatype(code:)``.
public enum NIfTIDatatype: Int, Sendable, CaseIterable, Codable {
    case uint8 = 2
    case int16 = 4
    case int32 = 8
    case float32 = 16
    case float64 = 64
    case int8 = 256
    case uint16 = 512
    case uint32 = 768
    case int64 = 1024

    /// Bytes per voxel on disk.
    public var bytesPerVoxel: Int {
        switch self {
        case .uint8, .int8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// The header's `bitpix` for this datatype (bits per voxel).
    public var bitpix: Int { bytesPerVoxel * 8 }

    /// Whether values are integers (as stored, before `scl_slope`/`scl_inter`).
    public var isInteger: Bool { self != .float32 && self != .float64 }

    /// Lowercase name as used by the command line (`uint8`, `float32`, …) and numpy.
    public var name: String { String(describing: self) }

    /// Parses a name such as `"int16"` (case-insensitive); `nil` if unknown.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }

    /// Smallest and largest representable value for integer types (as `Double`; exact for every type,
    /// `int64` bounds are `-2⁶³` and `2⁶³` exclusive, see ``canRepresent(_:)``).
    public var integerRange: ClosedRange<Double>? {
        switch self {
        case .uint8: 0...255
        case .int8: -128...127
        case .int16: -32768...32767
        case .uint16: 0...65535
        case .int32: -2_147_483_648...2_147_483_647
        case .uint32: 0...4_294_967_295
        case .int64: -9_223_372_036_854_775_808.0...9_223_372_036_854_775_807.0
        case .float32, .float64: nil
        }
    }

    /// Whether `value` can be stored in this datatype without loss of meaning:
    /// integers must be finite, integral and in range; float32 must not overflow to ±∞
    /// (rounding to the nearest float32 is accepted; NaN and ±∞ stay as they are); float64 takes anything.
    public func canRepresent(_ value: Double) -> Bool {
        switch self {
        case .float64:
            return true
        case .float32:
            return !value.isFinite || abs(value) <= Double(Float.greatestFiniteMagnitude)
        case .int64:
            // 2⁶³ is exactly representable in Double but not in Int64: upper bound is exclusive.
            return value.isFinite && value.rounded() == value
                && value >= -9_223_372_036_854_775_808.0 && value < 9_223_372_036_854_775_808.0
        default:
            guard let range = integerRange else { return false }
            return value.isFinite && value.rounded() == value && range.contains(value)
        }
    }

    /// A readable name for any datatype code, including ones GlioBayes refuses.
    public static func describe(code: Int) -> String {
        if let known = NIfTIDatatype(rawValue: code) { return "\(known.name) (\(code))" }
        let others: [Int: String] = [0: "unknown", 1: "binary", 32: "complex64", 128: "RGB24", 1280: "uint64",
                                     1536: "float128", 1792: "complex128", 2048: "complex256", 2304: "RGBA32"]
        return "\(others[code] ?? "unrecognised") (\(code))"
    }
}
