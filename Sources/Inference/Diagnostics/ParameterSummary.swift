/// The posterior summary of one scalar parameter (see ``Diagnostics/summarize(name:chains:)``).
///
/// Non-finite values (NaN diagnostics of undefined cases) are encoded by `JSONEncoder` only with a
/// `nonConformingFloatEncodingStrategy`; writers should set one (e.g. "nan").
public struct ParameterSummary: Sendable, Codable {
    /// Parameter name as in the draws file.
    public var name: String
    /// Mean over all draws.
    public var mean: Double
    /// Standard deviation over all draws (n − 1 divisor).
    public var standardDeviation: Double
    /// 5%, 50%, 95% quantiles over all draws (linear interpolation, numpy's default).
    public var q5: Double
    public var q50: Double
    public var q95: Double
    /// Rank-normalised split-R̂ (NaN for a single chain).
    public var rHat: Double
    /// Bulk effective sample size.
    public var bulkESS: Double
    /// Tail effective sample size (5%/95% quantiles).
    public var tailESS: Double
    /// Monte Carlo standard error of the mean.
    public var mcseMean: Double
    /// Monte Carlo standard error of the standard deviation.
    public var mcseStandardDeviation: Double

    public init(name: String, mean: Double, standardDeviation: Double, q5: Double, q50: Double, q95: Double,
                rHat: Double, bulkESS: Double, tailESS: Double, mcseMean: Double, mcseStandardDeviation: Double) {
        self.name = name
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.q5 = q5
        self.q50 = q50
        self.q95 = q95
        self.rHat = rHat
        self.bulkESS = bulkESS
        self.tailESS = tailESS
        self.mcseMean = mcseMean
        self.mcseStandardDeviation = mcseStandardDeviation
    }

    /// Whether R̂ < `maximumRHat` and bulk-ESS ≥ `minimumBulkESS` (false when either is NaN).
    public func isConverged(maximumRHat: Double = 1.01, minimumBulkESS: Double = 400) -> Bool {
        rHat < maximumRHat && bulkESS >= minimumBulkESS
    }
}
