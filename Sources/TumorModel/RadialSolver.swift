import Foundation

/// The proliferation–invasion model on a homogeneous ball, assuming radial symmetry:
/// `∂c/∂t = D (∂²c/∂r² + (2/r) ∂c/∂r) + ρc(1−c)`, `∂c/∂r = 0` at `r = 0` and `r = R`.
///
/// Finite volumes on `n` shells of width `h = R/n` (cell `i` spans `[ih, (i+1)h]`):
/// `dc_i/dt = D/V_i·[A_{i+½}(c_{i+1}−c_i) − A_{i−½}(c_i−c_{i−1})]/h` with `A = r²` at the faces and
/// `V_i = (r_{i+½}³ − r_{i−½}³)/3`, which conserves `Σ 4πV_i c_i` exactly and is second order.
/// Time stepping as in ``ForwardSolver``: Strang splitting with the exact logistic flow and an explicit
/// diffusion step at `safety` times the stability limit. For volume-only data, where the anatomy is
/// summarised by one diffusivity.
public struct RadialSolver: Sendable {
    /// Outer radius `R`, mm.
    public let radiusMillimeters: Double
    /// Number of shells.
    public let shellCount: Int
    /// Fraction of the explicit stability limit used as the step.
    public var timeStepSafety: Double

    /// Creates a solver on a ball of radius `R` mm with `n` shells.
    public init(radiusMillimeters: Double, shellCount: Int, timeStepSafety: Double = 0.95) {
        precondition(radiusMillimeters > 0 && shellCount >= 2, "need a positive radius and at least 2 shells")
        precondition(timeStepSafety > 0 && timeStepSafety <= 1, "time-step safety must be in (0, 1]")
        self.radiusMillimeters = radiusMillimeters
        self.shellCount = shellCount
        self.timeStepSafety = timeStepSafety
    }

    /// Shell width, mm.
    public var shellWidth: Double { radiusMillimeters / Double(shellCount) }

    /// Centre radius of shell `i`, mm.
    public func shellCenter(_ i: Int) -> Double { (Double(i) + 0.5) * shellWidth }

    /// Volume of shell `i`, mm³.
    public func shellVolume(_ i: Int) -> Double {
        let a = Double(i) * shellWidth, b = Double(i + 1) * shellWidth
        return 4 * Double.pi / 3 * (b * b * b - a * a * a)
    }

    /// Solves with diffusivity `D` (mm²/day) and rate `ρ` (1/day) from `initial(r)` and returns the shell
    /// values at each output time (days, ascending).
    public func solve(diffusivity d: Double, proliferationRate rho: Double, initial: (Double) -> Double,
                      outputTimes: [Double]) -> [[Double]] {
        let n = shellCount, h = shellWidth
        // Face coefficients: lower[i] couples i with i−1, upper[i] couples i with i+1 (per unit D).
        var lower = [Double](repeating: 0, count: n), upper = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let rl = Double(i) * h, ru = Double(i + 1) * h
            let v = (ru * ru * ru - rl * rl * rl) / 3
            lower[i] = i == 0 ? 0 : rl * rl / (h * v)
            upper[i] = i == n - 1 ? 0 : ru * ru / (h * v)
        }
        let rowMax = zip(lower, upper).map { $0 + $1 }.max() ?? 1
        let dtMax = timeStepSafety / (d * rowMax)
        var c = (0..<n).map { initial(shellCenter($0)) }
        var next = c
        var outputs: [[Double]] = []
        var time = 0.0
        for target in outputTimes {
            precondition(target >= time, "output times must be ascending")
            let span = target - time
            let steps = span > 0 ? max(1, Int((span / dtMax * (1 - 1e-12)).rounded(.up))) : 0
            if steps > 0 {
                let dt = span / Double(steps)
                let half = exp(rho * dt / 2)
                for _ in 0..<steps {
                    for i in 0..<n { c[i] = c[i] * half / (1 + c[i] * (half - 1)) }
                    for i in 0..<n {
                        var flux = 0.0
                        if i > 0 { flux -= lower[i] * (c[i] - c[i - 1]) }
                        if i < n - 1 { flux += upper[i] * (c[i + 1] - c[i]) }
                        next[i] = c[i] + d * dt * flux
                    }
                    swap(&c, &next)
                    for i in 0..<n { c[i] = c[i] * half / (1 + c[i] * (half - 1)) }
                }
            }
            time = target
            outputs.append(c)
        }
        return outputs
    }

    /// Volume (mm³) of the ball where `c ≥ θ`, with the threshold radius found by linear interpolation
    /// between shell centres (assumes `c` decreasing in `r`, as for a tumour grown from the centre).
    public func volumeAbove(_ theta: Double, in c: [Double]) -> Double {
        guard let first = c.first, first >= theta else { return 0 }
        for i in 1..<c.count where c[i] < theta {
            let r0 = shellCenter(i - 1), r1 = shellCenter(i)
            let r = r0 + (r1 - r0) * (c[i - 1] - theta) / (c[i - 1] - c[i])
            return 4 * Double.pi / 3 * r * r * r
        }
        return 4 * Double.pi / 3 * pow(radiusMillimeters, 3)
    }

    /// Radius (mm) where `c` first drops below θ (linear interpolation between shell centres), or `nil`.
    public func frontRadius(_ theta: Double, in c: [Double]) -> Double? {
        guard let first = c.first, first >= theta else { return nil }
        for i in 1..<c.count where c[i] < theta {
            let r0 = shellCenter(i - 1), r1 = shellCenter(i)
            return r0 + (r1 - r0) * (c[i - 1] - theta) / (c[i - 1] - c[i])
        }
        return nil
    }
}
