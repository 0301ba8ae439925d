/// The settings of the GliomaSolver reference runs in ../shared/data/gliomasolver-reference (README
/// there): D_w = 0.13 mm²/day, D_g = D_w/10, ρ = 0.025/day, renormalised WM/GM fractions, explicit
/// steps of `Δt = 0.99·h²/(6·D_w)`, 237 steps at 1 mm and 60 at 2 mm, the smoothed-ball initial
/// condition at normalised position `ic` of the 256 mm domain.
public struct GliomaSolverReference: Sendable {
    /// Voxel size of the run, mm (1 or 2).
    public let spacingMillimeters: Double

    /// The run at 1 mm (`factor = 1`, 256³) or 2 mm (`factor = 2`, 128³).
    public init(spacingMillimeters: Double) {
        precondition(spacingMillimeters == 1 || spacingMillimeters == 2, "the reference exists at 1 and 2 mm only")
        self.spacingMillimeters = spacingMillimeters
    }

    /// Growth parameters of the reference.
    public static let parameters = GrowthParameters(whiteMatterDiffusivity: 0.13, proliferationRate: 0.025)
    /// `D_w/D_g`.
    public static let diffusivityRatio = 10.0
    /// GliomaSolver's seed in normalised coordinates (× 256 mm = world mm with affine diag(h)).
    public static let normalisedSeed = SIMD3<Double>(0.6497946102507519, 0.5908331665234543, 0.3715947899171972)

    /// The smoothed ball at the seed (world mm on a grid with affine `diag(h)`).
    public var initialCondition: InitialCondition {
        .gliomaSolverBall(center: .world(Self.normalisedSeed * 256))
    }

    /// The reference step `0.99·h²/(6·D_w)`, days.
    public var timeStep: Double {
        0.99 * spacingMillimeters * spacingMillimeters / (6 * Self.parameters.whiteMatterDiffusivity)
    }

    /// The number of steps the reference took (the loop runs while t ≤ 300 days).
    public var stepCount: Int { spacingMillimeters == 1 ? 237 : 60 }

    /// The simulated time, days (300.81 at 1 mm, 304.62 at 2 mm).
    public var finalTime: Double { Double(stepCount) * timeStep }

    /// Reference file name inside gliomasolver-reference/.
    public var fileName: String { spacingMillimeters == 1 ? "density_uniform_1mm.nii.gz" : "density_uniform_2mm.nii.gz" }

    /// Solver options reproducing the reference's time stepping (its Δt, so exactly `stepCount` steps).
    public func options(reaction: ReactionScheme = .strangExactLogistic, threadCount: Int = 2) -> SolverOptions {
        SolverOptions(threadCount: threadCount, timeStepSafety: 1, maximumTimeStep: timeStep, reaction: reaction)
    }
}
