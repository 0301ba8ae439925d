import Foundation
import Testing
@testable import Inference
import Probability

@Suite struct ParameterTransformTests {
    let transforms: [ParameterTransform] = [.identity, .log(lower: 0), .log(lower: -2), .upperLog(upper: 3),
                                            .logit(lower: 0.6, upper: 0.8), .logit(lower: -5, upper: 10)]

    @Test func roundTripsAndJacobianMatchesNumericalDerivative() {
        for t in transforms {
            for u in [-3.0, -0.5, 0, 0.7, 2.5] {
                let x = t.constrain(u)
                #expect(abs(t.unconstrain(x) - u) < 1e-9, "\(t) at u=\(u)")
                // Central difference of x(u), h = 1e-5: truncation error O(h²) ≈ 1e-10 relative.
                let h = 1e-5
                let derivative = (t.constrain(u + h) - t.constrain(u - h)) / (2 * h)
                #expect(abs(Foundation.log(abs(derivative)) - t.logAbsJacobian(u)) < 1e-6, "\(t) at u=\(u)")
            }
        }
    }

    @Test func boundsAndLargeArguments() {
        let t = ParameterTransform.logit(lower: 0.6, upper: 0.8)
        #expect(t.constrain(800) == 0.8 && t.constrain(-800) == 0.6)
        #expect(t.logAbsJacobian(600).isFinite && t.logAbsJacobian(-600).isFinite)
        #expect(t.unconstrain(0.9).isNaN)
        #expect(ParameterTransform.log(lower: 0).unconstrain(-1).isNaN)
    }
}

@Suite struct ParameterSpaceTests {
    let space = ParameterSpace([
        Parameter("D_w", prior: .logUniform(lower: 0.02, upper: 1.5)),
        Parameter("rho", prior: .logNormal(logMean: -3, logStandardDeviation: 1)),
        Parameter("x0", size: 3, prior: .normal(mean: 0, standardDeviation: 20)),
        Parameter("theta", prior: .truncatedNormal(mean: 0.7, standardDeviation: 0.1, lower: 0.6, upper: .infinity)),
    ])

    @Test func columnNamesAreCmdStanStyle() {
        #expect(space.columnNames == ["D_w", "rho", "x0.1", "x0.2", "x0.3", "theta"])
        #expect(space.coordinateTransforms == [.logit(lower: 0.02, upper: 1.5), .log(lower: 0), .identity,
                                               .identity, .identity, .log(lower: 0.6)])
    }

    @Test func unconstrainedPriorIsPriorPlusJacobian() {
        let u = [0.3, -1.2, 4, -7, 1, 0.2]
        let x = space.constrain(u)
        let expected = LogUniform(lower: 0.02, upper: 1.5).logDensity(x[0])
            + LogNormal(logMean: -3, logStandardDeviation: 1).logDensity(x[1])
            + (2...4).reduce(0) { $0 + Normal(mean: 0, standardDeviation: 20).logDensity(x[$1]) }
            + TruncatedNormal(mean: 0.7, standardDeviation: 0.1, lower: 0.6, upper: .infinity).logDensity(x[5])
            + zip(space.coordinateTransforms, u).reduce(0) { $0 + $1.0.logAbsJacobian($1.1) }
        #expect(abs(space.logPriorUnconstrained(u) - expected) < 1e-12)
    }

    /// On the unconstrained scale a log-uniform prior on [a, b] under the logit transform has a known
    /// law: the draws' constrained values must be log-uniform, i.e. log x uniform on [log a, log b]
    /// (mean (log a + log b)/2, sd (log b − log a)/√12). 5 000 draws: SE of the mean ≈ 0.017.
    @Test func priorDrawsOnUnconstrainedScaleHaveThePriorLaw() {
        var g = Xoshiro256StarStar(seed: 3)
        let logs = (0..<5_000).map { _ in Foundation.log(space.constrain(space.samplePriorUnconstrained(using: &g))[0]) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let exact = (Foundation.log(0.02) + Foundation.log(1.5)) / 2
        #expect(abs(mean - exact) < 4 * (Foundation.log(1.5 / 0.02) / 12.0.squareRoot()) / Double(logs.count).squareRoot())
    }

    @Test func posteriorAddsLikelihoodOnNaturalScale() {
        let likelihood = ClosureLogDensity(dimension: 6) { x in -x[0] * 10 + x[1] }
        let posterior = Posterior(space: space, likelihood: likelihood)
        let u = [0.3, -1.2, 4, -7, 1, 0.2]
        let x = space.constrain(u)
        #expect(abs(posterior.logDensity(u) - (space.logPriorUnconstrained(u) - x[0] * 10 + x[1])) < 1e-12)
    }

    @Test func spaceRoundTripsThroughJSON() throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(space)
        #expect(try decoder.decode(ParameterSpace.self, from: data) == space)
    }

    @Test func priorValidationUsesProbabilityFactories() {
        #expect(throws: DistributionError.self) { try Prior.uniform(lower: 2, upper: 1).validate() }
        #expect(throws: Never.self) { try Prior.logUniform(lower: 0.02, upper: 1.5).validate() }
    }
}
