import Probability

/// One named model parameter: a scalar (`size == 1`, column `name`) or a vector of `size` components
/// (columns `name.1 … name.size`, 1-based as in CmdStan), each with the same prior and transform.
public struct Parameter: Sendable, Equatable, Codable {
    /// Name as written in output headers (no dots: dots separate vector indices).
    public let name: String
    /// Number of scalar components.
    public let size: Int
    /// Prior of each component (independent).
    public let prior: Prior
    /// Map from the unconstrained scale.
    public let transform: ParameterTransform

    /// - Parameters:
    ///   - transform: defaults to the prior's support (``Prior/defaultTransform``).
    public init(_ name: String, size: Int = 1, prior: Prior, transform: ParameterTransform? = nil) {
        precondition(!name.isEmpty && !name.contains(".") && !name.contains(","),
                     "parameter name must be non-empty without '.' or ',', got \"\(name)\"")
        precondition(size >= 1, "parameter \(name) needs size ≥ 1, got \(size)")
        self.name = name
        self.size = size
        self.prior = prior
        self.transform = transform ?? prior.defaultTransform
    }
}

/// The parameters of a model: names, priors, and the transforms between the natural (constrained) scale
/// and the unconstrained ℝⁿ on which samplers move.
///
/// Coordinates are laid out parameter after parameter, vector components consecutively.
public struct ParameterSpace: Sendable, Equatable, Codable {
    /// The parameters in order.
    public let parameters: [Parameter]
    /// Per-coordinate prior distribution and transform (flattened), built once.
    private let priors: [any ContinuousDistribution]
    private let transforms: [ParameterTransform]

    public init(from decoder: any Decoder) throws {
        self.init(try [Parameter](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws { try parameters.encode(to: encoder) }

    public static func == (a: ParameterSpace, b: ParameterSpace) -> Bool { a.parameters == b.parameters }

    public init(_ parameters: [Parameter]) {
        precondition(!parameters.isEmpty, "a parameter space needs at least one parameter")
        precondition(Set(parameters.map(\.name)).count == parameters.count, "parameter names must be unique")
        self.parameters = parameters
        priors = parameters.flatMap { p in (0..<p.size).map { _ in p.prior.distribution } }
        transforms = parameters.flatMap { [ParameterTransform](repeating: $0.transform, count: $0.size) }
    }

    /// Number of scalar coordinates.
    public var dimension: Int { priors.count }

    /// Output column names: `D_w`, `x0.1`, `x0.2`, `x0.3`, ...
    public var columnNames: [String] {
        parameters.flatMap { p in p.size == 1 ? [p.name] : (1...p.size).map { "\(p.name).\($0)" } }
    }

    /// Per-coordinate transforms (for output headers).
    public var coordinateTransforms: [ParameterTransform] { transforms }

    /// Natural-scale values from unconstrained ones.
    public func constrain(_ u: [Double]) -> [Double] {
        precondition(u.count == dimension, "expected \(dimension) coordinates, got \(u.count)")
        return (0..<dimension).map { transforms[$0].constrain(u[$0]) }
    }

    /// Unconstrained values from natural-scale ones (NaN where a value is outside its bounds).
    public func unconstrain(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "expected \(dimension) coordinates, got \(x.count)")
        return (0..<dimension).map { transforms[$0].unconstrain(x[$0]) }
    }

    /// `Σ log |dxᵢ/duᵢ|` at `u`.
    public func logAbsJacobian(_ u: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<dimension { sum += transforms[i].logAbsJacobian(u[i]) }
        return sum
    }

    /// `Σ log pᵢ(xᵢ)` on the natural scale (-infinity outside the support).
    public func logPrior(_ x: [Double]) -> Double {
        precondition(x.count == dimension, "expected \(dimension) coordinates, got \(x.count)")
        var sum = 0.0
        for i in 0..<dimension { sum += priors[i].logDensity(x[i]) }
        return sum
    }

    /// The prior density of `u` on the unconstrained scale: `log p(x(u)) + log |J(u)|`.
    public func logPriorUnconstrained(_ u: [Double]) -> Double {
        logPrior(constrain(u)) + logAbsJacobian(u)
    }

    /// One prior draw on the natural scale.
    public func samplePrior<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        priors.map { $0.sample(using: &generator) }
    }

    /// One prior draw on the unconstrained scale (re-drawn while a component lands exactly on a bound,
    /// where the unconstrained value would be infinite).
    public func samplePriorUnconstrained<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        (0..<dimension).map { i in
            var u = Double.infinity
            for _ in 0..<1000 where !u.isFinite {
                u = transforms[i].unconstrain(priors[i].sample(using: &generator))
            }
            return u
        }
    }
}
