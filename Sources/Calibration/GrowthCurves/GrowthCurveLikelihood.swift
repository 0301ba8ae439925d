import Foundation
import Inference

/// `log L(θ) = Σ_k log p(y_k | V(t_k; θ))` for one series, with `y_k` in units of the series' scale and the
/// error density of ``GrowthErrorModel`` (a log-density of the natural-scale parameters: the curve's,
/// followed by the noise scale when it is sampled).
public struct GrowthCurveLikelihood: LogDensity, Sendable {
    public let curve: any GrowthCurve
    public let errorModel: GrowthErrorModel
    public let series: GrowthSeries
    private let scaled: [Double]
    private let logScaled: [Double]
    private let curveDimension: Int
    private let isLogNormal: Bool
    private let fixedNoise: Double?

    public init(curve: any GrowthCurve, errorModel: GrowthErrorModel, series: GrowthSeries) {
        self.curve = curve
        self.errorModel = errorModel
        self.series = series
        let scale = series.scale
        scaled = series.values.map { $0 / scale }
        logScaled = scaled.map { Foundation.log($0) }
        curveDimension = curve.parameters.count
        if case .logNormal = errorModel { isLogNormal = true } else { isLogNormal = false }
        if case .fixed(let v) = errorModel.scale {
            precondition(v > 0 && v.isFinite, "a fixed noise scale must be positive, got \(v)")
            fixedNoise = v
        } else {
            fixedNoise = nil
        }
    }

    public var dimension: Int { curveDimension + (fixedNoise == nil ? 1 : 0) }

    /// The model values (in units of the series' scale) at the observation days.
    public func modelValues(_ x: [Double]) -> [Double] {
        curve.values(days: series.days, referenceDay: series.referenceDay, parameters: x[0..<curveDimension])
    }

    public func logDensity(_ x: [Double]) -> Double {
        let noise = fixedNoise ?? x[curveDimension]
        guard noise > 0 else { return -.infinity }
        let v = modelValues(x)
        var sum = 0.0
        for k in 0..<scaled.count {
            sum += GrowthErrorModel.logDensity(kindIsLogNormal: isLogNormal, observed: scaled[k], logObserved: logScaled[k],
                                               model: v[k], noise: noise)
        }
        return sum.isNaN ? -.infinity : sum
    }

    /// `−n·log(scale)`: add to a log-likelihood or log-evidence of the scaled values to get the density of
    /// the data in their own units.
    public var logJacobianToDataUnits: Double { -Double(series.count) * Foundation.log(series.scale) }
}
