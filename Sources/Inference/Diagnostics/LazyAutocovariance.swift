/// Mean over chains of the biased autocovariances γ̂_t, computed lag by lag on demand.
///
/// The ESS and τ estimators stop at the first lag where Geyer's pair sum turns negative, which for a
/// well-mixed chain is a few τ. Direct sums cost chains × N per lag, so the first
/// ``directLagLimit`` lags are summed directly (exact, no FFT round-off); a request beyond that switches
/// to one FFT per chain (O(N log N)), which bounds the cost for slowly mixing or unconverged chains.
struct LazyAutocovariance {
    /// Lags summed directly before switching to the FFT.
    static let directLagLimit = 128

    private let centred: [[Double]]
    private let draws: Int
    private var direct: [Double] = []
    private var viaFFT: [Double]? = nil

    /// `chains` are the rows of a draw matrix; each is centred on its own mean.
    init(_ m: DrawMatrix) {
        draws = m.draws
        centred = (0..<m.chains).map { c in
            let chain = Array(m.chain(c))
            let mean = chain.reduce(0, +) / Double(chain.count)
            return chain.map { $0 - mean }
        }
    }

    /// Mean over chains of γ̂_lag, 0 ≤ lag < draws.
    mutating func callAsFunction(_ lag: Int) -> Double {
        precondition(lag >= 0 && lag < draws, "lag \(lag) out of range 0..<\(draws)")
        if let full = viaFFT { return full[lag] }
        while direct.count <= lag {
            if direct.count >= Self.directLagLimit {
                let full = meanFFTAutocovariance()
                viaFFT = full
                return full[lag]
            }
            direct.append(directLag(direct.count))
        }
        return direct[lag]
    }

    private func directLag(_ lag: Int) -> Double {
        var total = 0.0
        for chain in centred {
            total += chain.withUnsafeBufferPointer { x in
                var s = 0.0
                for i in 0..<(draws - lag) { s += x[i] * x[i + lag] }
                return s
            }
        }
        return total / Double(draws) / Double(centred.count)
    }

    private func meanFFTAutocovariance() -> [Double] {
        var mean = [Double](repeating: 0, count: draws)
        for chain in centred {
            let acov = Diagnostics.autocovariance(chain)
            for t in 0..<draws { mean[t] += acov[t] }
        }
        // Keep the exact direct values for the lags already computed.
        for t in 0..<draws { mean[t] /= Double(centred.count) }
        for t in direct.indices { mean[t] = direct[t] }
        return mean
    }
}
