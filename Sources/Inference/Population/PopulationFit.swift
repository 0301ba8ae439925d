import Foundation
import Probability

/// Settings of a population fit: hyperprior, draws kept per unit, sampler budget.
public struct PopulationFitSettings: Sendable, Equatable, Codable {
    public var hyperprior: HierarchicalNormalHyperprior
    /// Each unit's draws are thinned to at most this many (the cost is linear in it).
    public var drawsPerUnit: Int
    /// Adaptive Metropolis chains, warm-up and kept iterations per chain.
    public var chains: Int
    public var warmupIterations: Int
    public var samplingIterations: Int
    public var seed: UInt64
    /// Units whose reweighting ESS at the posterior median falls below this are reported as warnings.
    public var minimumReweightingESS: Double

    public init(hyperprior: HierarchicalNormalHyperprior = .init(), drawsPerUnit: Int = 1000, chains: Int = 4,
                warmupIterations: Int = 1000, samplingIterations: Int = 1000, seed: UInt64 = 1,
                minimumReweightingESS: Double = 20) {
        precondition(drawsPerUnit >= 1 && chains >= 1 && samplingIterations >= 1, "counts must be positive")
        self.hyperprior = hyperprior
        self.drawsPerUnit = drawsPerUnit
        self.chains = chains
        self.warmupIterations = warmupIterations
        self.samplingIterations = samplingIterations
        self.seed = seed
        self.minimumReweightingESS = minimumReweightingESS
    }
}

/// The fitted population distribution `θ ~ N(μ, τ²)` of one parameter over one group of units.
public struct PopulationFit: Sendable {
    /// Parameter label (e.g. `log(lambda)`).
    public let parameter: String
    /// Unit names, in input order.
    public let unitNames: [String]
    /// Posterior draws of μ and τ per chain: `mean[c][i]`, `standardDeviation[c][i]`.
    public let mean: [[Double]]
    public let standardDeviation: [[Double]]
    /// Summaries (R̂, ESS, quantiles) of μ and τ.
    public let meanSummary: ParameterSummary
    public let standardDeviationSummary: ParameterSummary
    /// Per unit, the Kish ESS of its reweighted draws at the posterior medians of μ and τ, and the number
    /// of draws used.
    public let reweightingESS: [Double]
    public let drawsUsed: [Int]
    /// Human-readable caveats (collapsed reweighting, unconverged chains).
    public let warnings: [String]

    /// Pooled draws of μ.
    public var pooledMean: [Double] { mean.flatMap { $0 } }
    /// Pooled draws of τ.
    public var pooledStandardDeviation: [Double] { standardDeviation.flatMap { $0 } }

    /// Fits the hierarchical normal model with adaptive Metropolis on `(μ, log τ)`.
    ///
    /// Chains start from draws around the mean and spread of the units' posterior means.
    /// - Throws: ``InferenceError`` if no starting point has a finite density.
    public static func fit(parameter: String, units: [UnitDraws],
                           settings: PopulationFitSettings = .init()) throws(InferenceError) -> PopulationFit {
        precondition(!units.isEmpty, "no units to fit")
        let used = units.map { $0.thinned(toAtMost: settings.drawsPerUnit) }
        let target = HierarchicalNormalPosterior(units: used, hyperprior: settings.hyperprior)
        let unitMeans = used.map { $0.values.reduce(0, +) / Double($0.values.count) }
        let centre = unitMeans.reduce(0, +) / Double(unitMeans.count)
        let spread = unitMeans.count > 1
            ? (unitMeans.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(unitMeans.count - 1)).squareRoot() : 0.5
        let startSpread = max(spread, 0.05)
        let options = SamplingOptions(chains: settings.chains, warmupIterations: settings.warmupIterations,
                                      samplingIterations: settings.samplingIterations, seed: settings.seed)
        let sampler = AdaptiveMetropolis<HierarchicalNormalPosterior>(
            initialProposalStandardDeviations: [startSpread / Double(units.count).squareRoot() + 0.01, 0.3])
        let result = try sampler.sample(
            target: .shared(target), options: options,
            initialization: .draw { g in
                [centre + 0.5 * startSpread * Normal.standardSample(using: &g),
                 Foundation.log(startSpread) + 0.3 * Normal.standardSample(using: &g)]
            },
            execution: ExecutionOptions(threads: 1))
        let mu = result.traces(coordinate: 0)
        let tau = result.traces(coordinate: 1).map { $0.map { Foundation.exp($0) } }
        let muSummary = Diagnostics.summarize(name: "mu", chains: mu)
        let tauSummary = Diagnostics.summarize(name: "tau", chains: tau)
        let ess = used.map {
            HierarchicalNormalPosterior.reweightingEffectiveSampleSize(unit: $0, mean: muSummary.q50,
                                                                       standardDeviation: tauSummary.q50)
        }
        var warnings = [String]()
        for (unit, e) in zip(used, ess) where e < settings.minimumReweightingESS {
            warnings.append("\(parameter): unit \(unit.name) keeps only \(String(format: "%.1f", e)) effective draws of \(unit.values.count) after reweighting to the population (μ = \(String(format: "%.3g", muSummary.q50)), τ = \(String(format: "%.3g", tauSummary.q50))); its contribution is unreliable (more draws, or a unit prior closer to the population, would help)")
        }
        for s in [muSummary, tauSummary] where !(s.rHat < 1.01) || !(s.bulkESS >= 400) {
            warnings.append("\(parameter): \(s.name) R̂ = \(String(format: "%.3f", s.rHat)), bulk-ESS = \(String(format: "%.0f", s.bulkESS)) (want R̂ < 1.01, ESS ≥ 400)")
        }
        return PopulationFit(parameter: parameter, unitNames: units.map(\.name), mean: mu, standardDeviation: tau,
                             meanSummary: muSummary, standardDeviationSummary: tauSummary, reweightingESS: ess,
                             drawsUsed: used.map { $0.values.count }, warnings: warnings)
    }
}
