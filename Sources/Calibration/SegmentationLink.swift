import Foundation

/// The probability that a voxel with tumour-cell density `c` is visible in a segmentation, and the
/// Bernoulli log-likelihood of an observed mask under it (DESIGN.md §2).
///
/// Two links are in use in the literature:
/// - ``doubleLogistic``: `α = ½ + ½·sgn(c−θ)·(1 − exp(−(c−θ)²/σ²))`, symmetric about the threshold
///   (Lipková et al., IEEE TMI 38(8):1875–1884, 2019, eq. 6);
/// - ``oneSided``: `α = 1` for `c ≥ θ` and `exp(−(c−θ)²/σ²)` below it: voxels above threshold are
///   always visible, visibility decays below it.
///
/// A label-noise floor ε keeps log-probabilities finite: the probability used is `ε + (1 − 2ε)·α`, so a
/// voxel is never certainly visible or invisible.
public enum SegmentationLink: String, Sendable, Codable, CaseIterable {
    case doubleLogistic = "double-logistic"
    case oneSided = "one-sided"

    /// `α(c; θ, σ)` before the noise floor. `σ > 0`.
    @inlinable public func visibility(density c: Double, threshold θ: Double, width σ: Double) -> Double {
        let d = c - θ
        let decay = exp(-(d * d) / (σ * σ))
        switch self {
        case .doubleLogistic:
            return d >= 0 ? 1 - 0.5 * decay : 0.5 * decay
        case .oneSided:
            return d >= 0 ? 1 : decay
        }
    }

    /// Bernoulli log-likelihood `Σ y·log p + (1−y)·log(1−p)` over paired densities and observations,
    /// with `p = ε + (1 − 2ε)·α(c)`.
    ///
    /// - Parameters:
    ///   - densities: `c` at the observed voxels, in [0, 1].
    ///   - visible: the observed mask at the same voxels.
    ///   - threshold: θ (dimensionless, in (0, 1)).
    ///   - width: σ_α > 0.
    ///   - noiseFloor: ε in [0, ½).
    /// - Complexity: O(n), no allocation.
    public func logLikelihood(densities: UnsafeBufferPointer<Double>, visible: UnsafeBufferPointer<Bool>,
                              threshold: Double, width: Double, noiseFloor: Double) -> Double {
        precondition(densities.count == visible.count, "densities and mask differ in length")
        precondition(width > 0 && noiseFloor >= 0 && noiseFloor < 0.5, "invalid link width \(width) or noise floor \(noiseFloor)")
        var sum = 0.0
        let scale = 1 - 2 * noiseFloor
        for i in 0..<densities.count {
            let p = noiseFloor + scale * visibility(density: densities[i], threshold: threshold, width: width)
            sum += visible[i] ? log(p) : log1p(-p)
        }
        return sum
    }

    /// Convenience overload on arrays.
    public func logLikelihood(densities: [Double], visible: [Bool], threshold: Double, width: Double,
                              noiseFloor: Double) -> Double {
        densities.withUnsafeBufferPointer { d in
            visible.withUnsafeBufferPointer { v in
                logLikelihood(densities: d, visible: v, threshold: threshold, width: width, noiseFloor: noiseFloor)
            }
        }
    }
}
