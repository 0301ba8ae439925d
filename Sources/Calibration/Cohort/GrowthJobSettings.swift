import Foundation

/// What to fit for each growth-curve patient of a cohort: the models (growth laws and/or `radial-rd`),
/// the error model, the TMCMC settings, and the primary model whose parameters go into the cohort table
/// and the comparison.
public struct GrowthJobSettings: Sendable, Equatable, Codable {
    /// Model names: `exponential`, `logistic`, `gompertz`, `linear-radial`, `radial-rd`.
    public var models: [String]
    /// Primary model (one of ``models``).
    public var primaryModel: String
    /// Error model.
    public var errorModel: GrowthErrorModel
    /// TMCMC settings (the seed is combined with the patient's position so patients get distinct streams).
    public var fit: GrowthCurveFitSettings

    public init(models: [String] = ["exponential", "logistic", "gompertz", "linear-radial"],
                primaryModel: String = "exponential", errorModel: GrowthErrorModel = .bioluminescence,
                fit: GrowthCurveFitSettings = .init()) throws(GrowthCurveError) {
        guard !models.isEmpty else { throw .invalidSetting("no growth models requested") }
        for m in models where Self.curve(named: m) == nil {
            throw .invalidSetting("unknown growth model '\(m)' (known: \(Self.knownModels.joined(separator: ", ")))")
        }
        guard models.contains(primaryModel) else {
            throw .invalidSetting("primary model '\(primaryModel)' is not among the fitted models \(models)")
        }
        self.models = models
        self.primaryModel = primaryModel
        self.errorModel = errorModel
        self.fit = fit
    }

    /// All model names understood.
    public static let knownModels = GrowthLaw.allCases.map(\.rawValue) + ["radial-rd"]

    /// The curve for a model name, or nil.
    public static func curve(named name: String) -> (any GrowthCurve)? {
        if let law = GrowthLaw(rawValue: name) { return law }
        if name == "radial-rd" { return RadialBurdenModel() }
        return nil
    }

    /// Parses an error-model description: `relative-gaussian` / `lognormal`, with a fixed scale or
    /// `nil` for a sampled one (log-uniform [0.01, 3]).
    public static func errorModel(kind: String, fixedScale: Double?) throws(GrowthCurveError) -> GrowthErrorModel {
        if let s = fixedScale, !(s > 0 && s.isFinite) { throw .invalidSetting("noise scale must be positive, got \(s)") }
        let scale: GrowthErrorModel.NoiseScale = fixedScale.map { .fixed($0) } ?? .sampled(.logUniform(lower: 0.01, upper: 3))
        switch kind {
        case "relative-gaussian", "relative": return .relativeGaussian(scale)
        case "lognormal", "log-normal": return .logNormal(scale)
        default: throw .invalidSetting("unknown error model '\(kind)' (relative-gaussian or lognormal)")
        }
    }
}
