import Foundation
import Testing
@testable import Calibration

private func series() throws -> GrowthSeries {
    try GrowthSeries(id: "s", days: [10, 12, 15], values: [2, 5, 11])
}

@Test func seriesScaleIsGeometricMean() throws {
    let s = try series()
    #expect(abs(s.scale - cbrt(2.0 * 5 * 11)) < 1e-12)
    #expect(s.referenceDay == 10)
}

@Test func seriesRejectsBadData() {
    #expect(throws: GrowthCurveError.self) { try GrowthSeries(id: "a", days: [0, 1], values: [1, 2]) }
    #expect(throws: GrowthCurveError.self) { try GrowthSeries(id: "a", days: [0, 1, 2], values: [1, 0, 2]) }
    #expect(throws: GrowthCurveError.self) { try GrowthSeries(id: "a", days: [0, 2, 1], values: [1, 1, 2]) }
    #expect(throws: GrowthCurveError.self) { try GrowthSeries(id: "a", days: [0, 1, 2], values: [1, .nan, 2]) }
}

@Test func logNormalLikelihoodClosedForm() throws {
    let s = try series()
    let sigma = 0.3
    let l = GrowthCurveLikelihood(curve: GrowthLaw.exponential, errorModel: .logNormal(.fixed(sigma)), series: s)
    let v0 = 0.4, lambda = 0.2
    var expected = 0.0
    for (d, y) in zip(s.days, s.values) {
        let ys = y / s.scale, v = v0 * exp(lambda * (d - 10))
        expected += -pow(log(ys) - log(v), 2) / (2 * sigma * sigma) - log(sigma) - log(ys) - 0.5 * log(2 * Double.pi)
    }
    #expect(abs(l.logDensity([v0, lambda]) - expected) < 1e-12)
    #expect(l.dimension == 2)
}

@Test func relativeGaussianLikelihoodClosedForm() throws {
    let s = try series()
    let l = GrowthCurveLikelihood(curve: GrowthLaw.linearRadial, errorModel: .relativeGaussian(.sampled(.logUniform(lower: 0.01, upper: 3))),
                                  series: s)
    #expect(l.dimension == 3)
    let v0 = 0.5, g = 0.1, rel = 0.33
    var expected = 0.0
    for (d, y) in zip(s.days, s.values) {
        let ys = y / s.scale, v = v0 * pow(1 + g * (d - 10), 3)
        expected += -pow(ys - v, 2) / (2 * rel * rel * v * v) - log(rel * v) - 0.5 * log(2 * Double.pi)
    }
    #expect(abs(l.logDensity([v0, g, rel]) - expected) < 1e-12)
    // Data-unit density differs from the scaled one by −n·log(scale).
    #expect(abs(l.logJacobianToDataUnits + 3 * log(s.scale)) < 1e-12)
}

@Test func modelSpaceAddsSampledNoise() throws {
    let m = GrowthCurveModel(curve: GrowthLaw.gompertz, errorModel: .logNormalSampled, series: try series())
    #expect(m.space.columnNames == ["V0", "beta", "K", "sigma"])
    let fixed = GrowthCurveModel(curve: GrowthLaw.gompertz, errorModel: .bioluminescence, series: try series())
    #expect(fixed.space.columnNames == ["V0", "beta", "K"])
}

@Test func seriesReadsCSV() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gb-series-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("p1.csv")
    try "day,volume\n0,1.5\n3,2.5\n\n7,4\n".write(to: url, atomically: true, encoding: .utf8)
    let s = try GrowthSeries.read(csv: url)
    #expect(s.id == "p1" && s.days == [0, 3, 7] && s.values == [1.5, 2.5, 4])
    try "day,volume\n0,1.5\n3,abc\n7,4\n".write(to: url, atomically: true, encoding: .utf8)
    #expect(throws: GrowthCurveError.self) { try GrowthSeries.read(csv: url) }
}
