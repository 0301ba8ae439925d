import Foundation
import Testing
@testable import Imaging

@Suite struct NIfTIQuaternionTests {
    /// Rotation by `angle` about a unit `axis` (Rodrigues' formula).
    static func rotation(_ axis: SIMD3<Double>, _ angle: Double) -> [[Double]] {
        let n = axis / (axis * axis).sum().squareRoot()
        let (x, y, z) = (n.x, n.y, n.z)
        let (c, s) = (cos(angle), sin(angle))
        let t = 1 - c
        let row0: [Double] = [c + x * x * t, x * y * t - z * s, x * z * t + y * s]
        let row1: [Double] = [y * x * t + z * s, c + y * y * t, y * z * t - x * s]
        let row2: [Double] = [z * x * t - y * s, z * y * t + x * s, c + z * z * t]
        return [row0, row1, row2]
    }

    static func affine(_ r: [[Double]], spacing: SIMD3<Double>, flip: Bool, offset: SIMD3<Double>) -> Affine {
        let s: [Double] = [spacing.x, spacing.y, spacing.z * (flip ? -1 : 1)]
        var rows: [Double] = []
        for i in 0..<3 {
            for j in 0..<3 { rows.append(r[i][j] * s[j]) }
            rows.append(offset[i])
        }
        return Affine(rows: rows)
    }

    @Test func identityIsTheZeroQuaternion() {
        let q = NIfTIQuaternion(affine: .scaling(SIMD3(1, 2, 3)))
        #expect(q.b == 0 && q.c == 0 && q.d == 0 && q.qfac == 1)
        #expect(q.spacing == SIMD3(1, 2, 3))
    }

    @Test func halfTurnAboutZ() {
        // b = c = 0, d = 1 → a = 0: rotation by π about z: diag(−1, −1, 1).
        let q = NIfTIQuaternion(b: 0, c: 0, d: 1, offset: SIMD3(1, 2, 3), spacing: SIMD3(2, 2, 2), qfac: 1)
        let expected = Affine(rows: [-2, 0, 0, 1, 0, -2, 0, 2, 0, 0, 2, 3])
        #expect(q.affine.maxAbsoluteDifference(to: expected) < 1e-15)
    }

    @Test func quarterTurnAboutXKnownValue() {
        // Rotation by π/2 about x: quaternion (cos π/4, sin π/4, 0, 0); maps y → z.
        let q = NIfTIQuaternion(b: sin(Double.pi / 4), c: 0, d: 0, offset: .zero, spacing: SIMD3(1, 1, 1), qfac: 1)
        let expected = Affine(rows: [1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0])
        #expect(q.affine.maxAbsoluteDifference(to: expected) < 1e-15)
    }

    @Test(arguments: [false, true])
    func roundTripThroughQuaternion(flip: Bool) {
        for (axis, angle) in [(SIMD3(0.3, -0.5, 0.8), 0.4), (SIMD3(1.0, 0, 0), 3.0), (SIMD3(0, 1.0, 1), Double.pi),
                              (SIMD3(0.2, 0.9, -0.1), 2.9)] {
            let a = Self.affine(Self.rotation(axis, angle), spacing: SIMD3(1.5, 2, 2.5), flip: flip, offset: SIMD3(-90, 12, 30))
            let q = NIfTIQuaternion(affine: a)
            #expect(q.qfac == (flip ? -1 : 1))
            #expect(q.affine.maxAbsoluteDifference(to: a) < 1e-12, "axis \(axis) angle \(angle) flip \(flip)")
        }
    }

    @Test func nearestRotationOfShearedAffine() {
        // A sheared matrix has no exact qform; the result must still be a proper rotation times spacing.
        var a = Self.affine(Self.rotation(SIMD3(0, 0, 1), 0.3), spacing: SIMD3(1, 1, 1), flip: false, offset: .zero)
        a.rows[1] += 0.2
        let q = NIfTIQuaternion(affine: a)
        #expect(q.b * q.b + q.c * q.c + q.d * q.d <= 1 + 1e-12)
        let columns = q.affine.columnLengths
        #expect(abs(columns.x - q.spacing.x) < 1e-12 && abs(columns.y - q.spacing.y) < 1e-12)
    }
}
