// _SamplerHarness: a small, non-public executable that samples a built-in reference target with any
// GlioBayes sampler, optionally checkpointing, and writes CmdStan CSV plus a JSON summary.
// Used by the kill-and-resume test (InferenceTests) and scripts/checks/check-cmdstan-csv.py.
//
//   _SamplerHarness --sampler rwm|ensemble|da|fs|tmcmc --target gaussian10|banana|funnel|mixture
//                   --output DIR [--seed 1] [--chains 4] [--warmup 500] [--iterations 1000] [--thin 1]
//                   [--threads 1] [--checkpoint FILE --checkpoint-every N] [--delay-microseconds N]
//                   [--particles 1000 --mcmc-steps 5]   (TMCMC)
//
// Exit codes: 0 success, 2 usage error, 3 sampling/IO error (message on stderr).
import Foundation
import Inference
import Probability

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("_SamplerHarness: \(message)\n".utf8))
    exit(code)
}

var arguments = [String: String]()
var index = 1
let argv = CommandLine.arguments
while index < argv.count {
    let key = argv[index]
    guard key.hasPrefix("--"), index + 1 < argv.count else { fail("expected --key value, got \(key)", code: 2) }
    arguments[String(key.dropFirst(2))] = argv[index + 1]
    index += 2
}
@MainActor func integer(_ key: String, _ fallback: Int) -> Int {
    guard let text = arguments[key] else { return fallback }
    guard let value = Int(text) else { fail("--\(key) needs an integer, got \(text)", code: 2) }
    return value
}
guard let output = arguments["output"] else { fail("--output DIR is required", code: 2) }
let samplerName = arguments["sampler"] ?? "rwm"
let targetName = arguments["target"] ?? "gaussian10"
let options = SamplingOptions(chains: integer("chains", 4), warmupIterations: integer("warmup", 500),
                              samplingIterations: integer("iterations", 1000), thin: integer("thin", 1),
                              seed: UInt64(integer("seed", 1)))
let delay = integer("delay-microseconds", 0)
var execution = ExecutionOptions(threads: integer("threads", 1))
if let path = arguments["checkpoint"] {
    execution.checkpoint = CheckpointPolicy(url: URL(fileURLWithPath: path), everyIterations: integer("checkpoint-every", 50))
}
if delay > 0 {
    execution.progress = { _ in usleep(useconds_t(delay)); return .continue }
}

func naming(_ parameters: [(String, Int)]) -> ParameterSpace {
    ParameterSpace(parameters.map { Parameter($0.0, size: $0.1, prior: .normal(mean: 0, standardDeviation: 10)) })
}

@MainActor func dispatch<T: LogDensity & Sendable, P: PriorLikelihoodDensity & Sendable>(
    _ target: T, tempered: P, drawPrior: @escaping @Sendable (inout Xoshiro256StarStar) -> [Double]
) throws(InferenceError) -> SamplingResult {
    switch samplerName {
    case "rwm":
        return try AdaptiveMetropolis<T>().sample(target: .shared(target), options: options,
                                                  initialization: .draw(drawPrior), execution: execution)
    case "ensemble":
        return try EnsembleSampler<T>().sample(target: .shared(target), options: options,
                                               initialization: .draw(drawPrior), execution: execution)
    case "da":
        // Cheap stage: the target at temperature 0.8 (a deliberately wrong but overlapping approximation).
        let cheap = ClosureLogDensity(dimension: target.dimension) { 0.8 * target.logDensity($0) }
        return try DelayedAcceptanceMetropolis<ClosureLogDensity, T>().sample(
            target: .shared(DelayedAcceptanceTarget(cheap: cheap, expensive: target)), options: options,
            initialization: .draw(drawPrior), execution: execution)
    case "fs":
        // Slow coordinates: the first half (the prepared part is checked at every cheap evaluation).
        let split = ReferenceTargets.SlowCoordinateSplit(target, slowCoordinates: Array(0..<max(1, target.dimension / 2)))
        return try FastSlowMetropolis<ReferenceTargets.SlowCoordinateSplit<T>>(fastMoves: 5).sample(
            target: .shared(split), options: options, initialization: .draw(drawPrior), execution: execution)
    case "tmcmc":
        return try TransitionalMCMC<P>(particles: integer("particles", 1000), mcmcSteps: integer("mcmc-steps", 5)).sample(
            target: .shared(tempered), options: options, initialization: .draw(drawPrior), execution: execution)
    default:
        fail("unknown sampler \(samplerName) (rwm, ensemble, da, fs, tmcmc)", code: 2)
    }
}

let result: SamplingResult
let space: ParameterSpace
do {
    switch targetName {
    case "gaussian10":
        let target = ReferenceTargets.Gaussian.correlated10D()
        let split = ReferenceTargets.GaussianReferenceSplit(target)
        space = naming([("x", 10)])
        result = try dispatch(target, tempered: split, drawPrior: { split.samplePrior(using: &$0) })
    case "banana":
        let target = ReferenceTargets.Banana()
        let split = ReferenceTargets.GaussianReferenceSplit(target)
        space = naming([("x1", 1), ("x2", 1)])
        result = try dispatch(target, tempered: split, drawPrior: { split.samplePrior(using: &$0) })
    case "funnel":
        let target = ReferenceTargets.NonCentredFunnel(dimension: 10)
        let split = ReferenceTargets.GaussianReferenceSplit(target)
        space = naming([("v", 1), ("z", 9)])
        result = try dispatch(target, tempered: split, drawPrior: { split.samplePrior(using: &$0) })
    case "mixture":
        let target = ReferenceTargets.GaussianMixture()
        space = naming([("theta", 2)])
        result = try dispatch(target, tempered: target, drawPrior: { target.samplePrior(using: &$0) })
    default:
        fail("unknown target \(targetName) (gaussian10, banana, funnel, mixture)", code: 2)
    }
    let directory = URL(fileURLWithPath: output)
    _ = try CmdStanCSVWriter.write(result, space: space, modelName: "\(targetName)", directory: directory)
    let traces = result.constrainedTraces(space)
    let means = traces.map { chains in
        let all = chains.flatMap { $0 }
        return all.reduce(0, +) / Double(all.count)
    }
    var summary: [String: Any] = [
        "sampler": result.samplerName, "target": targetName, "chains": result.chains.count,
        "draws": result.chains.first?.count ?? 0, "columns": space.columnNames, "means": means,
        "iterations": result.iterations, "nonFiniteProposals": result.totalCounters.nonFiniteProposals,
    ]
    if let z = result.logEvidence { summary["logEvidence"] = z }
    let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
    try data.write(to: directory.appendingPathComponent("summary.json"), options: .atomic)
} catch let error as InferenceError {
    fail("\(error)", code: 3)
} catch {
    fail("\(error)", code: 3)
}
