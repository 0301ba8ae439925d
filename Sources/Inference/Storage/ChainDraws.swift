import Foundation

/// The draws of one chain, stored flat: draw `i`, coordinate `j` is `positions[i * dimension + j]`
/// (unconstrained scale), with the log-density (`lp__`) and acceptance statistic of each draw.
///
/// Encodes the numbers as base64 of their IEEE-754 bit patterns, so a checkpoint restores them bit for
/// bit (NaN payloads and infinities included) and stays compact.
public struct ChainDraws: Sendable, Equatable, Codable {
    /// Coordinates per draw.
    public let dimension: Int
    /// Flat row-major positions.
    public private(set) var positions: [Double]
    /// `lp__` of each draw.
    public private(set) var logDensities: [Double]
    /// `accept_stat__` of each draw.
    public private(set) var acceptStats: [Double]

    public init(dimension: Int) {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
        positions = []
        logDensities = []
        acceptStats = []
    }

    /// Number of draws.
    public var count: Int { logDensities.count }

    /// Appends one draw.
    public mutating func append(_ point: ChainPoint) {
        precondition(point.position.count == dimension, "draw has \(point.position.count) coordinates, expected \(dimension)")
        positions.append(contentsOf: point.position)
        logDensities.append(point.logDensity)
        acceptStats.append(point.acceptStat)
    }

    /// Keeps only the first `n` draws.
    public mutating func truncate(to n: Int) {
        guard n < count else { return }
        positions.removeSubrange((n * dimension)...)
        logDensities.removeSubrange(n...)
        acceptStats.removeSubrange(n...)
    }

    /// Draw `i` (unconstrained).
    public func draw(_ i: Int) -> [Double] { Array(positions[(i * dimension)..<((i + 1) * dimension)]) }

    /// The trace of coordinate `j` (unconstrained).
    public func coordinate(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < dimension, "coordinate \(j) out of range 0..<\(dimension)")
        return (0..<count).map { positions[$0 * dimension + j] }
    }

    private enum CodingKeys: String, CodingKey { case dimension, positions, logDensities, acceptStats }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dimension = try c.decode(Int.self, forKey: .dimension)
        positions = try Self.decodeDoubles(c, .positions)
        logDensities = try Self.decodeDoubles(c, .logDensities)
        acceptStats = try Self.decodeDoubles(c, .acceptStats)
        guard dimension > 0, positions.count == logDensities.count * dimension,
              acceptStats.count == logDensities.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "draw arrays have inconsistent lengths"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(Self.base64(positions), forKey: .positions)
        try c.encode(Self.base64(logDensities), forKey: .logDensities)
        try c.encode(Self.base64(acceptStats), forKey: .acceptStats)
    }

    static func base64(_ values: [Double]) -> String {
        var bits = values.map { $0.bitPattern.littleEndian }
        return Data(bytes: &bits, count: bits.count * 8).base64EncodedString()
    }

    private static func decodeDoubles(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [Double] {
        let text = try c.decode(String.self, forKey: key)
        guard let data = Data(base64Encoded: text), data.count % 8 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not base64 of 64-bit floats")
        }
        return stride(from: 0, to: data.count, by: 8).map { offset in
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(data[data.startIndex + offset + k]) << (8 * UInt64(k)) }
            return Double(bitPattern: word)
        }
    }
}
