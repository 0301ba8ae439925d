import Foundation
import Imaging
import Inference

/// The model after defaults are filled in from the data: every parameter's prior (or fixed value) and
/// where it came from, and the sampler's ``ParameterSpace`` of the free ones.
///
/// Derived defaults (DESIGN.md §3):
/// - seed box: the T1Gd centroid (world mm; the FLAIR centroid when no scan has T1Gd) ± 1.25 equivalent
///   radii (at least ± one inference voxel) per axis, uniform;
/// - T: uniform on `[r_FL / v_max, r_FL / v_min]` clamped to [30, 1800] days, with `r_FL` the FLAIR
///   equivalent radius of the first scan (T1Gd if there is no FLAIR) and `v = 2√(D_w ρ)` at the corners
///   of the D_w and ρ prior boxes.
public struct ResolvedModel: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        /// The prior if the parameter is sampled.
        public var prior: Prior?
        /// The value if it is held fixed.
        public var fixedValue: Double?
        /// Where the prior or value came from (literature default, derived from data, user).
        public var source: String
    }

    /// One entry per ``ModelParameter``, in that order.
    public var entries: [Entry]
    /// Sampled parameters, in the order of the sampler's coordinates.
    public var freeParameters: [ModelParameter]
    /// Equivalent radii and centroid used for the derived defaults.
    public var referenceCentroidWorldMillimeters: [Double]
    public var referenceRadiusMillimeters: Double
    public var flairRadiusMillimeters: Double

    /// The sampler's parameter space (free parameters, natural scale priors, default transforms).
    public var space: ParameterSpace {
        ParameterSpace(freeParameters.map { p in
            Parameter(p.rawValue, prior: entries[ModelParameter.allCases.firstIndex(of: p) ?? 0].prior ?? .uniform(lower: 0, upper: 1))
        })
    }

    /// The full parameter vector (``ModelParameter`` order) from the free natural-scale values.
    public func fullVector(free: [Double]) -> [Double] {
        precondition(free.count == freeParameters.count, "expected \(freeParameters.count) free values")
        var full = entries.map { $0.fixedValue ?? .nan }
        for (k, p) in freeParameters.enumerated() { full[ModelParameter.allCases.firstIndex(of: p) ?? 0] = free[k] }
        return full
    }

    public func entry(_ p: ModelParameter) -> Entry { entries[ModelParameter.allCases.firstIndex(of: p) ?? 0] }

    /// Resolves `data.specification.model` against the data.
    public static func resolve(_ data: PatientData) throws(CalibrationError) -> ResolvedModel {
        let model = data.specification.model
        let hasPET = data.scans.contains { $0.pet != nil }
        let hasT1 = data.scans.contains { $0.t1Gd != nil } || data.sizes.contains { $0.region == .t1gd }
        let hasFLAIR = data.scans.contains { $0.flair != nil } || data.sizes.contains { $0.region == .flair }

        // Reference region for the seed box and the T range.
        let reference = data.scans.lazy.compactMap { $0.t1Gd ?? $0.flair }.first
        let flairReference = data.scans.lazy.compactMap { $0.flair ?? $0.t1Gd }.first
        var centroid = [Double](repeating: .nan, count: 3)
        var radius = Double.nan, flairRadius = Double.nan
        if let reference {
            let stats = MaskStatistics(reference)
            if let c = stats.centroidWorldMillimeters { centroid = [c.x, c.y, c.z] }
            radius = stats.equivalentSphereRadiusMillimeters
        }
        if let flairReference { flairRadius = MaskStatistics(flairReference).equivalentSphereRadiusMillimeters }

        func userPrior(_ p: ModelParameter) -> Prior? { model.priors[p.rawValue] }
        let dPrior = userPrior(.whiteMatterDiffusivity) ?? ModelParameter.whiteMatterDiffusivity.literaturePrior!
        let rPrior = userPrior(.proliferationRate) ?? ModelParameter.proliferationRate.literaturePrior!

        var entries: [Entry] = []
        for p in ModelParameter.allCases {
            let name = p.rawValue
            if let value = model.fixed[name] {
                if let prior = userPrior(p) {
                    throw CalibrationError(.specification, "model.fixed.\(name)", "is both fixed and given a prior (\(prior)) in model.priors")
                }
                entries.append(Entry(name: name, prior: nil, fixedValue: value, source: "fixed by the user"))
                continue
            }
            let applies: Bool
            switch p {
            case .petScale, .petSigma: applies = hasPET
            case .thresholdT1Gd: applies = hasT1
            case .thresholdFLAIR: applies = hasFLAIR
            case .linkWidth: applies = model.sampleSigmaAlpha
            default: applies = true
            }
            if !applies {
                let value: Double = p == .linkWidth ? model.sigmaAlpha : (p == .thresholdT1Gd ? 0.8 : p == .thresholdFLAIR ? 0.16 : 1)
                let why = p == .linkWidth ? "fixed (model.sigma_alpha)" : "not used: no observation depends on it"
                entries.append(Entry(name: name, prior: nil, fixedValue: value, source: why))
                continue
            }
            if let prior = userPrior(p) {
                entries.append(Entry(name: name, prior: prior, fixedValue: nil, source: "model.priors.\(name)"))
                continue
            }
            if let prior = p.literaturePrior {
                entries.append(Entry(name: name, prior: prior, fixedValue: nil, source: "literature default (DESIGN.md §3)"))
                continue
            }
            switch p {
            case .tumourAge:
                guard flairRadius.isFinite, flairRadius > 0 else {
                    throw CalibrationError(.specification, "model.priors.T", "no FLAIR or T1Gd mask to derive the T range from; give a prior")
                }
                let (d0, d1) = dPrior.supportBounds, (r0, r1) = rPrior.supportBounds
                let vMin = 2 * (max(d0, 1e-6) * max(r0, 1e-6)).squareRoot()
                let vMax = 2 * (d1 * r1).squareRoot()
                var lower = max(30, vMax.isFinite ? flairRadius / vMax : 30)
                var upper = min(1800, flairRadius / vMin)
                if !(lower < upper) { (lower, upper) = (30, 1800) }
                entries.append(Entry(name: name, prior: .uniform(lower: lower, upper: upper), fixedValue: nil,
                                     source: String(format: "derived: FLAIR radius %.2f mm / front speed in [%.4g, %.4g] mm/day, clamped to [30, 1800]", flairRadius, vMin, vMax)))
            default:
                let axis = p == .seedX ? 0 : p == .seedY ? 1 : 2
                guard centroid[axis].isFinite else {
                    throw CalibrationError(.specification, "model.priors.\(name)", "no T1Gd or FLAIR mask to derive the seed box from; give a prior")
                }
                let half = max(1.25 * radius, Double(model.resolutionMillimeters))
                entries.append(Entry(name: name, prior: .uniform(lower: centroid[axis] - half, upper: centroid[axis] + half), fixedValue: nil,
                                     source: String(format: "derived: centroid %.2f ± 1.25 × equivalent radius %.2f mm", centroid[axis], radius)))
            }
        }
        let free = ModelParameter.allCases.enumerated().filter { entries[$0.offset].prior != nil }.map(\.element)
        guard !free.isEmpty else { throw CalibrationError(.specification, "model.fixed", "every parameter is fixed: nothing to infer") }
        for required in [ModelParameter.whiteMatterDiffusivity, .proliferationRate, .tumourAge] {
            let e = entries[ModelParameter.allCases.firstIndex(of: required) ?? 0]
            if let v = e.fixedValue, !(v > 0) { throw CalibrationError(.specification, "model.fixed.\(required.rawValue)", "must be positive") }
            if let prior = e.prior, prior.supportBounds.lower < 0 {
                throw CalibrationError(.specification, "model.priors.\(required.rawValue)", "support must be positive (got \(prior))")
            }
        }
        return ResolvedModel(entries: entries, freeParameters: free, referenceCentroidWorldMillimeters: centroid,
                             referenceRadiusMillimeters: radius, flairRadiusMillimeters: flairRadius)
    }
}
