// Inference benchmark: ESS per log-density evaluation and ESS per second, for each sampler on each
// reference target. Run: `swift run -c release Benchmarks inference [--quick]`.
//
// ESS is the smallest bulk-ESS over parameters (Vehtari et al. 2021, from the Diagnostics module).
// Evaluations and seconds count the whole run (warm-up included), one thread, so the rates say what a
// user pays per effective draw. For delayed acceptance "evals" are the expensive evaluations; its
// cheap stage is the target at temperature 0.8 (same cost here, so ESS/s shows overhead only).
// TMCMC's "chains" are independent tempered runs; the ESS of its resampled particles is reported with
// the same estimator, which treats particle order as a chain (a rough figure for a population method).
// Each case self-checks: the posterior means must lie within 6 MCSE of the exact means.
import Foundation
import Inference
import Probability

func runInferenceBenchmarks(_ arguments: [String]) {
    let quick = arguments.contains("--quick")
    let scale = quick ? 0.2 : 1.0
    func n(_ x: Int) -> Int { max(100, Int(Double(x) * scale)) }
    print("| target | sampler | draws kept | log-density evals | min bulk-ESS | ESS / 1000 evals | seconds | ESS / s | mean check |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")

    func report(_ target: String, _ name: String, _ result: SamplingResult, exactMean: [Double], evaluations: Int,
                seconds: Double) {
        let traces = (0..<result.dimension).map { result.traces(coordinate: $0) }
        let ess = traces.map { Diagnostics.bulkEffectiveSampleSize($0) }.min() ?? .nan
        var worst = 0.0
        for (j, chains) in traces.enumerated() {
            let all = chains.flatMap { $0 }
            let mean = all.reduce(0, +) / Double(all.count)
            worst = max(worst, abs(mean - exactMean[j]) / Diagnostics.mcseMean(chains))
        }
        let draws = result.chains.reduce(0) { $0 + $1.count }
        let check = worst <= 6 ? "ok (\(String(format: "%.1f", worst)) MCSE)" : "FAILED (\(String(format: "%.1f", worst)) MCSE)"
        print("| \(target) | \(name) | \(draws) | \(evaluations) | \(String(format: "%.0f", ess)) | "
              + "\(String(format: "%.2f", 1000 * ess / Double(evaluations))) | \(String(format: "%.2f", seconds)) | "
              + "\(String(format: "%.0f", ess / seconds)) | \(check) |")
    }

    func timed(_ body: () throws -> SamplingResult) -> (SamplingResult, Double)? {
        let start = Date()
        do {
            let result = try body()
            return (result, Date().timeIntervalSince(start))
        } catch {
            print("error: \(error)")
            return nil
        }
    }

    func all<T: LogDensity & Sendable>(_ targetName: String, _ target: T, exactMean: [Double], seed: UInt64) {
        let d = target.dimension
        let start: Initialization = .draw { g in (0..<d).map { _ in 10 * Normal.standardSample(using: &g) } }
        let execution = ExecutionOptions(threads: 1)
        let mcmc = SamplingOptions(chains: 4, warmupIterations: n(5_000), samplingIterations: n(20_000), seed: seed)
        if let (r, s) = timed({ try AdaptiveMetropolis<T>().sample(target: .shared(target), options: mcmc,
                                                                     initialization: start, execution: execution) }) {
            report(targetName, "adaptive Metropolis", r, exactMean: exactMean, evaluations: r.totalCounters.logDensityEvaluations, seconds: s)
        }
        let ensembleOptions = SamplingOptions(warmupIterations: n(1_000), samplingIterations: n(4_000), seed: seed)
        if let (r, s) = timed({ try EnsembleSampler<T>().sample(target: .shared(target), options: ensembleOptions,
                                                                 initialization: start, execution: execution) }) {
            report(targetName, "ensemble (stretch 0.7 + DE 0.3)", r, exactMean: exactMean,
                   evaluations: r.totalCounters.logDensityEvaluations, seconds: s)
        }
        let cheap = ClosureLogDensity(dimension: d) { 0.8 * target.logDensity($0) }
        if let (r, s) = timed({ try DelayedAcceptanceMetropolis<ClosureLogDensity, T>().sample(
            target: .shared(DelayedAcceptanceTarget(cheap: cheap, expensive: target)), options: mcmc,
            initialization: start, execution: execution) }) {
            let c = r.totalCounters
            report(targetName, "delayed acceptance (saved \(c.expensiveEvaluationsSaved) expensive evals)", r,
                   exactMean: exactMean, evaluations: c.logDensityEvaluations, seconds: s)
        }
        let split = ReferenceTargets.GaussianReferenceSplit(target)
        runTMCMC(targetName, split, exactMean: exactMean, seed: seed, draw: { split.samplePrior(using: &$0) })
    }

    func runTMCMC<P: PriorLikelihoodDensity & Sendable>(_ targetName: String, _ target: P, exactMean: [Double], seed: UInt64,
                                                        draw: @escaping @Sendable (inout Xoshiro256StarStar) -> [Double]) {
        let options = SamplingOptions(chains: 4, seed: seed)
        if let (r, s) = timed({ try TransitionalMCMC<P>(particles: n(2_000)).sample(
            target: .shared(target), options: options, initialization: .draw(draw), execution: ExecutionOptions(threads: 1)) }) {
            report(targetName, "TMCMC (log Z = \(String(format: "%.3f", r.logEvidence ?? .nan)) ± \(String(format: "%.3f", r.logEvidenceStandardError ?? .nan)))",
                   r, exactMean: exactMean, evaluations: r.totalCounters.logDensityEvaluations, seconds: s)
        }
    }

    let gaussian = ReferenceTargets.Gaussian.correlated10D()
    all("Gaussian 10-D (corr. 0.8)", gaussian, exactMean: gaussian.mean, seed: 1)
    all("banana (b = 1)", ReferenceTargets.Banana(), exactMean: [0, 0], seed: 2)
    all("non-centred funnel 10-D", ReferenceTargets.NonCentredFunnel(dimension: 10), exactMean: [Double](repeating: 0, count: 10), seed: 3)
    let mixture = ReferenceTargets.GaussianMixture()
    let mixtureMean = mixture.posteriorMoments.mean
    all("mixture 2-D", mixture, exactMean: mixtureMean, seed: 4)
    print("\nmixture exact log Z = \(String(format: "%.3f", mixture.logEvidence)) (the TMCMC row above for the mixture uses the N(0, 10²) reference split; see below for its own prior)")
    runTMCMC("mixture 2-D, own prior", mixture, exactMean: mixtureMean, seed: 5, draw: { mixture.samplePrior(using: &$0) })
}
