/// The xoshiro256** generator (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021): 256 bits of state, period 2²⁵⁶ − 1, with a `jump()` that advances by 2¹²⁸ steps.
///
/// Independent streams: ``init(seed:stream:)`` seeds the state from `seed` through SplitMix64 and then
/// applies `jump()` `stream` times, so stream *k* starts 2¹²⁸·k steps into the sequence and streams never
/// overlap in practice. A run gives chain/walker *k* stream *k*, which makes draws independent of the
/// number of threads. The state is `Codable` so checkpoints can save and restore it exactly.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable, Codable {
    // Four words held inline (not an array): next() is on every sampler's hot path.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four state words. Never all zero.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// Seeds from a 64-bit seed (expanded with SplitMix64), then jumps to stream `stream` (≥ 0).
    public init(seed: UInt64, stream: Int = 0) {
        precondition(stream >= 0, "stream index must be non-negative, got \(stream)")
        var splitMix = SplitMix64(state: seed)
        s0 = splitMix.next(); s1 = splitMix.next(); s2 = splitMix.next(); s3 = splitMix.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
        for _ in 0..<stream { jump() }
    }

    /// Restores a generator from a saved state (for checkpoints). Returns nil for an invalid state.
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    private enum CodingKeys: String, CodingKey { case state }

    /// Decodes `{"state": [s0, s1, s2, s3]}`; an all-zero or wrong-length state is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard let restored = Xoshiro256StarStar(state: words) else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: container,
                                                   debugDescription: "xoshiro256** state must be 4 words, not all zero")
        }
        self = restored
    }

    /// Encodes as `{"state": [s0, s1, s2, s3]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }

    /// Next 64 random bits.
    @inlinable public mutating func next() -> UInt64 { step() }

    @usableFromInline mutating func step() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Advances the state by 2¹²⁸ calls to `next()`.
    public mutating func jump() {
        let polynomial: [UInt64] = [0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c,
                                    0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c]
        var (t0, t1, t2, t3): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0..<64 {
                if word & (UInt64(1) << UInt64(bit)) != 0 {
                    t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3
                }
                _ = step()
            }
        }
        (s0, s1, s2, s3) = (t0, t1, t2, t3)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): used only to expand a 64-bit seed into generator state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Current state.
    public var state: UInt64
    /// Creates the generator with the given state.
    public init(state: UInt64) { self.state = state }
    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
