import Inference

/// The parameters of the patient model (DESIGN.md §3), in the order of the full parameter vector.
/// Column names in the draws are the raw values.
public enum ModelParameter: String, CaseIterable, Sendable, Codable {
    /// White-matter diffusivity, mm²/day.
    case whiteMatterDiffusivity = "D_w"
    /// Proliferation rate, 1/day.
    case proliferationRate = "rho"
    /// Days from the seed (t = 0 of the model) to the first scan.
    case tumourAge = "T"
    /// Seed position, world mm (x, y, z of the grid affine).
    case seedX = "x0_x", seedY = "x0_y", seedZ = "x0_z"
    /// Visibility thresholds of T1Gd and FLAIR.
    case thresholdT1Gd = "theta_T1", thresholdFLAIR = "theta_FL"
    /// FET-PET scale `b` (PET ≈ c/b) and noise σ_PET.
    case petScale = "b_PET", petSigma = "sigma_PET"
    /// Width σ_α of the segmentation link.
    case linkWidth = "sigma_alpha"

    /// Literature default prior where it does not depend on the data (DESIGN.md §2–3); nil for T and x0.
    public var literaturePrior: Prior? {
        switch self {
        case .whiteMatterDiffusivity: return .logUniform(lower: 0.02, upper: 1.5)
        case .proliferationRate: return .logUniform(lower: 0.002, upper: 0.2)
        case .thresholdT1Gd: return .uniform(lower: 0.6, upper: 0.8)
        case .thresholdFLAIR: return .uniform(lower: 0.05, upper: 0.6)
        case .petScale: return .uniform(lower: 0.6, upper: 1.02)
        case .petSigma: return .uniform(lower: 0.02, upper: 0.25)
        case .linkWidth: return .uniform(lower: 0.01, upper: 0.2)
        case .tumourAge, .seedX, .seedY, .seedZ: return nil
        }
    }
}

/// Bounds of a prior's support (±∞ for unbounded priors).
extension Prior {
    var supportBounds: (lower: Double, upper: Double) {
        switch self {
        case .uniform(let a, let b), .logUniform(let a, let b), .truncatedNormal(_, _, let a, let b): return (a, b)
        case .normal: return (-.infinity, .infinity)
        case .logNormal: return (0, .infinity)
        }
    }
}
