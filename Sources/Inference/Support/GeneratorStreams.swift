import Probability

extension Xoshiro256StarStar {
    /// Streams `first ..< first + count` of `seed`, equal to `Xoshiro256StarStar(seed: seed, stream: k)`
    /// for each k, but made by successive jumps: O(first + count) jumps instead of O(count·(first + count)).
    /// (Thousands of TMCMC particles or walkers would otherwise spend seconds jumping.)
    static func streams(seed: UInt64, first: Int = 0, count: Int) -> [Xoshiro256StarStar] {
        precondition(first >= 0 && count >= 0, "stream range must be non-negative")
        var generator = Xoshiro256StarStar(seed: seed, stream: first)
        var result = [Xoshiro256StarStar]()
        result.reserveCapacity(count)
        for k in 0..<count {
            if k > 0 { generator.jump() }
            result.append(generator)
        }
        return result
    }
}
