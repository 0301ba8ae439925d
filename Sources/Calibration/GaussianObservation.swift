import Foundation

/// Gaussian likelihoods of continuous observations of the tumour-cell density (DESIGN.md §2).
public enum GaussianObservation {
    /// `Σ log N(y_i; m_i, σ²)` with `m_i = predicted_i · scale`.
    ///
    /// FET-PET uses `scale = 1/b` (PET ≈ c/b, Lipková et al. 2019); cellularity from DWI uses `scale = 1`.
    /// - Complexity: O(n), no allocation.
    public static func logLikelihood(predicted: UnsafeBufferPointer<Double>, observed: UnsafeBufferPointer<Double>,
                                     scale: Double, standardDeviation σ: Double) -> Double {
        precondition(predicted.count == observed.count, "prediction and observation differ in length")
        precondition(σ > 0 && scale.isFinite, "σ must be positive and scale finite")
        var sumSquares = 0.0
        for i in 0..<predicted.count {
            let r = observed[i] - predicted[i] * scale
            sumSquares += r * r
        }
        let n = Double(predicted.count)
        return -0.5 * sumSquares / (σ * σ) - n * log(σ) - 0.5 * n * log(2 * Double.pi)
    }

    /// Array convenience overload.
    public static func logLikelihood(predicted: [Double], observed: [Double], scale: Double,
                                     standardDeviation σ: Double) -> Double {
        predicted.withUnsafeBufferPointer { p in
            observed.withUnsafeBufferPointer { o in
                logLikelihood(predicted: p, observed: o, scale: scale, standardDeviation: σ)
            }
        }
    }

    /// Cellularity from an apparent-diffusion-coefficient value:
    /// `c = (ADC_w − ADC) / (ADC_w − ADC_min)`, clamped to [0, 1]
    /// (ADC_w: healthy white matter; ADC_min: fully packed tissue; any consistent unit, e.g. 10⁻³ mm²/s).
    public static func cellularity(adc: Double, healthyADC: Double, minimumADC: Double) -> Double {
        precondition(healthyADC > minimumADC, "healthy ADC \(healthyADC) must exceed the minimum ADC \(minimumADC)")
        return min(max((healthyADC - adc) / (healthyADC - minimumADC), 0), 1)
    }
}
