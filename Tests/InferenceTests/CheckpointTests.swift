import Foundation
import Testing
@testable import Inference
import Probability

func temporaryDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gliobayes-inference-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct CheckpointTests {
    let options = SamplingOptions(chains: 3, warmupIterations: 100, samplingIterations: 300, seed: 17)

    func run<K: MarkovKernel>(_ kernel: K, _ target: K.Target, options: SamplingOptions, checkpoint: URL?,
                              stopAt: Int? = nil) throws -> SamplingResult where K.Target: Sendable {
        try kernel.sample(target: .shared(target), options: options, initialization: KnownAnswer.broadStart(kernel.dimension(of: target)),
                          execution: ExecutionOptions(threads: 2,
                                                      checkpoint: checkpoint.map { CheckpointPolicy(url: $0, everyIterations: 25) },
                                                      progress: { p in stopAt.map { p.iteration >= $0 ? .stop : .continue } ?? .continue }))
    }

    /// Stop in warm-up, resume; stop after warm-up, resume; then continue to a larger total:
    /// every time identical to an uninterrupted run of the same total.
    func resumesExactly<K: MarkovKernel>(_ kernel: K, _ target: K.Target) throws where K.Target: Sendable {
        let folder = temporaryDirectory("resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("state.json")
        let reference = try run(kernel, target, options: options, checkpoint: nil)
        _ = try run(kernel, target, options: options, checkpoint: url, stopAt: 60)
        _ = try run(kernel, target, options: options, checkpoint: url, stopAt: 250)
        let resumed = try run(kernel, target, options: options, checkpoint: url)
        #expect(resumed.chains == reference.chains)
        #expect(resumed.counters == reference.counters)
        var longer = options
        longer.samplingIterations = 500
        let continued = try run(kernel, target, options: longer, checkpoint: url)
        let longReference = try run(kernel, target, options: longer, checkpoint: nil)
        #expect(continued.chains == longReference.chains)
        // Asking for less than the checkpoint holds gives the prefix.
        let shorter = try run(kernel, target, options: options, checkpoint: url)
        #expect(shorter.chains == reference.chains)
    }

    @Test func adaptiveMetropolisResumesExactly() throws {
        try resumesExactly(AdaptiveMetropolis<ReferenceTargets.Banana>(), KnownAnswer.banana)
    }

    @Test func ensembleResumesExactly() throws {
        try resumesExactly(EnsembleSampler<ReferenceTargets.Banana>(walkers: 8), KnownAnswer.banana)
    }

    @Test func delayedAcceptanceResumesExactly() throws {
        try resumesExactly(DelayedAcceptanceMetropolis<ClosureLogDensity, ReferenceTargets.Banana>(),
                           DelayedAcceptanceTests.tempered(KnownAnswer.banana))
    }

    @Test func corruptCheckpointGivesTypedErrorNamingTheFile() throws {
        let folder = temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("state.json")
        _ = try run(AdaptiveMetropolis<ReferenceTargets.Banana>(), KnownAnswer.banana, options: options, checkpoint: url, stopAt: 50)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)  // a torn write
        do {
            _ = try run(AdaptiveMetropolis<ReferenceTargets.Banana>(), KnownAnswer.banana, options: options, checkpoint: url)
            Issue.record("expected an error")
        } catch let error as InferenceError {
            guard case .unreadableCheckpoint(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == url.path)
            #expect("\(error)".contains(url.path))
        }
    }

    @Test func checkpointOfAnotherRunIsRefused() throws {
        let folder = temporaryDirectory("other")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("state.json")
        _ = try run(AdaptiveMetropolis<ReferenceTargets.Banana>(), KnownAnswer.banana, options: options, checkpoint: url, stopAt: 50)
        var other = options
        other.seed = 18
        #expect(throws: InferenceError.incompatibleCheckpoint(path: url.path, reason: "seed is 17 in the checkpoint but 18 now")) {
            try run(AdaptiveMetropolis<ReferenceTargets.Banana>(), KnownAnswer.banana, options: other, checkpoint: url)
        }
        #expect(throws: InferenceError.self) {
            try run(EnsembleSampler<ReferenceTargets.Banana>(walkers: 8), KnownAnswer.banana, options: options, checkpoint: url)
        }
    }
}
