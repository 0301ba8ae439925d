/// Parameters of the proliferation–invasion model `∂c/∂t = ∇·(D∇c) + ρc(1−c)` (DESIGN.md §1).
public struct GrowthParameters: Sendable, Equatable, Codable {
    /// White-matter diffusivity `D_w`, mm²/day.
    public var whiteMatterDiffusivity: Double
    /// Proliferation rate `ρ`, 1/day.
    public var proliferationRate: Double

    /// Creates a parameter set. Both values must be positive and finite.
    public init(whiteMatterDiffusivity: Double, proliferationRate: Double) {
        precondition(whiteMatterDiffusivity > 0 && whiteMatterDiffusivity.isFinite,
                     "white-matter diffusivity must be positive and finite, got \(whiteMatterDiffusivity)")
        precondition(proliferationRate >= 0 && proliferationRate.isFinite,
                     "proliferation rate must be non-negative and finite, got \(proliferationRate)")
        self.whiteMatterDiffusivity = whiteMatterDiffusivity
        self.proliferationRate = proliferationRate
    }

    /// The invasion length `κ = D_w/ρ` in mm² (the only spatial parameter of the time-rescaled
    /// equation `∂c/∂s = ∇·((D/ρ)∇c) + c(1−c)`, `s = ρt`).
    public var invasionLengthSquared: Double { whiteMatterDiffusivity / proliferationRate }

    /// Asymptotic speed of a planar front in white matter, `2√(D_w ρ)` mm/day (Fisher 1937; KPP 1937).
    public var whiteMatterFrontSpeed: Double { 2 * (whiteMatterDiffusivity * proliferationRate).squareRoot() }
}
