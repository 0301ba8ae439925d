import Foundation

/// An in-place iterative radix-2 complex FFT (Cooley–Tukey, decimation in time) on split real and
/// imaginary arrays whose length is a power of two. Used only by the autocovariance kernel.
///
/// `inverse` uses the conjugate twiddles and does not divide by the length. Twiddle factors are computed
/// directly with cos/sin of 2πk/n (no recurrence), so the round-off is O(ε log n).
struct FastFourierTransform {
    let count: Int
    private let cosines: [Double]
    private let sines: [Double]

    init(count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "FFT length must be a power of two, got \(count)")
        self.count = count
        let half = max(count / 2, 1)
        cosines = (0..<half).map { cos(2 * Double.pi * Double($0) / Double(count)) }
        sines = (0..<half).map { sin(2 * Double.pi * Double($0) / Double(count)) }
    }

    func transform(real: inout [Double], imaginary: inout [Double], inverse: Bool) {
        let n = count
        precondition(real.count == n && imaginary.count == n, "FFT buffers must have length \(n)")
        // Bit-reversal permutation.
        var j = 0
        for i in 1..<max(n, 1) {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { real.swapAt(i, j); imaginary.swapAt(i, j) }
        }
        let sign: Double = inverse ? 1 : -1
        // Unsafe buffers: this butterfly loop is the hot spot of every ESS computation.
        cosines.withUnsafeBufferPointer { cosTable in
        sines.withUnsafeBufferPointer { sinTable in
        real.withUnsafeMutableBufferPointer { re in
        imaginary.withUnsafeMutableBufferPointer { im in
            var length = 2
            while length <= n {
                let halfLength = length / 2
                let step = n / length
                var start = 0
                while start < n {
                    for k in 0..<halfLength {
                        let wr = cosTable[k * step], wi = sign * sinTable[k * step]
                        let a = start + k, b = a + halfLength
                        let tr = wr * re[b] - wi * im[b]
                        let ti = wr * im[b] + wi * re[b]
                        re[b] = re[a] - tr; im[b] = im[a] - ti
                        re[a] += tr; im[a] += ti
                    }
                    start += length
                }
                length *= 2
            }
        }
        }
        }
        }
    }
}
