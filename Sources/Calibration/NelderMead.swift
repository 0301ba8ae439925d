/// Derivative-free maximisation by the Nelder–Mead simplex (Nelder & Mead 1965, Comput. J. 7:308–313;
/// standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½), used to move the chains'
/// starting points to a mode. Non-finite values count as −∞ (the simplex moves away from them).
enum NelderMead {
    /// Maximises `f` from `start` with initial simplex steps `step` along each axis, for at most
    /// `maximumEvaluations` evaluations. Returns the best point and its value.
    static func maximize(_ f: ([Double]) -> Double, start: [Double], step: Double, maximumEvaluations: Int) -> (point: [Double], value: Double) {
        let n = start.count
        precondition(n >= 1 && step > 0, "need a non-empty start and a positive step")
        func g(_ x: [Double]) -> Double { let v = f(x); return v.isFinite ? v : -.infinity }
        var simplex: [[Double]] = [start]
        for i in 0..<n { var p = start; p[i] += step; simplex.append(p) }
        var values = simplex.map(g)
        var evaluations = n + 1
        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { values[$0] > values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            if values[0] - values[n] < 1e-6 && values[n].isFinite { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1); let fr = g(reflected); evaluations += 1
            if fr > values[0] {
                let expanded = along(-2); let fe = g(expanded); evaluations += 1
                if fe > fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr > values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = fr > values[n] ? along(-0.5) : along(0.5)
                let fc = g(contracted); evaluations += 1
                if fc > max(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for k in 1...n {
                        simplex[k] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) }
                        values[k] = g(simplex[k])
                    }
                    evaluations += n
                }
            }
        }
        let best = values.indices.max { values[$0] < values[$1] } ?? 0
        return (simplex[best], values[best])
    }
}
