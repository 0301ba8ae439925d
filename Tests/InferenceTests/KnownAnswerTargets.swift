import Foundation
@testable import Inference
import Probability

/// The four reference targets with exact moments, and prior-like starting distributions.
/// Starts are drawn from N(0, 10²) per coordinate: over-dispersed relative to every target (sd ≤ 5),
/// as R̂ needs, and the warm-up lengths below are long enough to forget them.
enum KnownAnswer {
    static let gaussian = ReferenceTargets.Gaussian.correlated10D()
    static let banana = ReferenceTargets.Banana(curvature: 1)
    static let funnel = ReferenceTargets.NonCentredFunnel(dimension: 10)
    static let mixture = ReferenceTargets.GaussianMixture()

    static func broadStart(_ dimension: Int) -> Initialization {
        .draw { g in (0..<dimension).map { _ in 10 * Normal.standardSample(using: &g) } }
    }

    static var gaussianCovariance: [[Double]] { gaussian.covariance.rowArrays }
    static var identity10: [[Double]] { (0..<10).map { i in (0..<10).map { i == $0 ? 1 : 0 } } }
}
