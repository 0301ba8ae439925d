/// The xoshiro256** generator (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021): 256 bits of state, period 2²⁵⁶ − 1, with a `jump()` that advances by 2¹²⁸ steps.
///
/// Independent streams: ``init(seed:stream:)`` seeds the state from `seed` through SplitMix64 and then
/// applies `jump()` `stream` times, so stream *k* starts 2¹²⁸·k steps into the sequence and streams never
/// overlap in practice. A run gives chain/walker *k* stream *k*, which makes draws independent of the
/// number of threads. The state is `Codable` so checkpoints can save and restore it exactly.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The four state words. Never all zero.
    public private(set) var state: [UInt64]

    /// Seeds from a 64-bit seed (expanded with SplitMix64), then jumps to stream `stream` (≥ 0).
    public init(seed: UInt64, stream: Int = 0) {
        precondition(stream >= 0, "stream index must be non-negative, got \(stream)")
        var splitMix = SplitMix64(state: seed)
        state = (0..<4).map { _ in splitMix.next() }
        if state.allSatisfy({ $0 == 0 }) { state[0] = 0x9E37_79B9_7F4A_7C15 }
        for _ in 0..<stream { jump() }
    }

    /// Restores a generator from a saved state (for checkpoints). Returns nil for an invalid state.
    public init?(state: [UInt64]) {
        guard state.count == 4, !state.allSatisfy({ $0 == 0 }) else { return nil }
        self.state = state
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }

    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = Self.rotl(state[3], 45)
        return result
    }

    /// Advances the state by 2¹²⁸ calls to `next()`.
    public mutating func jump() {
        let polynomial: [UInt64] = [0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c,
                                    0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c]
        var s: [UInt64] = [0, 0, 0, 0]
        for word in polynomial {
            for bit in 0..<64 {
                if word & (UInt64(1) << UInt64(bit)) != 0 {
                    for i in 0..<4 { s[i] ^= state[i] }
                }
                _ = next()
            }
        }
        state = s
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
