import Foundation
import Testing
@testable import Inference

/// The real thing: `_SamplerHarness` checkpoints while sampling, is killed with SIGKILL at a random
/// moment, is started again with the same arguments (it resumes from the checkpoint), and its draws
/// must equal those of an uninterrupted run bit for bit (compared as parsed CSV values, which are
/// written in round-trip form).
@Suite(.serialized) struct KillAndResumeTests {
    static var harness: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("_SamplerHarness"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("_SamplerHarness"),
            root.appendingPathComponent(".build/debug/_SamplerHarness"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct HarnessMissing: Error, CustomStringConvertible {
        var description: String { "_SamplerHarness executable not found next to the test bundle or in .build/debug" }
    }

    static func requireHarness() throws -> URL {
        guard let url = harness else { throw HarnessMissing() }
        return url
    }

    func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try Self.requireHarness()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func rows(_ folder: URL, chains: Int) throws -> [[[Double]]] {
        try (1...chains).map { try CmdStanCSVReader.read(folder.appendingPathComponent("chain-\($0).csv")).rows }
    }

    @Test(arguments: ["rwm", "ensemble", "da", "fs"])
    func killedRunResumesToIdenticalDraws(sampler: String) throws {
        let folder = temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = ["--sampler", sampler, "--target", "gaussian10", "--seed", "5", "--chains", "4", "--threads", "2",
                      "--warmup", "300", "--iterations", "700"]
        let reference = folder.appendingPathComponent("reference")
        let uninterrupted = try launch(common + ["--output", reference.path])
        uninterrupted.waitUntilExit()
        #expect(uninterrupted.terminationStatus == 0)

        let resumed = folder.appendingPathComponent("resumed")
        let checkpoint = folder.appendingPathComponent("state.json")
        let interrupted = common + ["--output", resumed.path, "--checkpoint", checkpoint.path, "--checkpoint-every", "20"]
        // ~1 000 iterations × 1 ms: kill somewhere between 15% and 75% of the run.
        let victim = try launch(interrupted + ["--delay-microseconds", "1000"])
        usleep(UInt32.random(in: 150_000...750_000))
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)
        #expect(FileManager.default.fileExists(atPath: checkpoint.path), "killed before the first checkpoint")
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent("chain-1.csv").path))

        let second = try launch(interrupted)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let chains = sampler == "ensemble" ? 22 : 4
        #expect(try rows(resumed, chains: chains) == rows(reference, chains: chains))
    }

    @Test func unreadableCheckpointExitsWithMessageNamingFile() throws {
        let folder = temporaryDirectory("badckpt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("state.json")
        try Data("{\"formatVersion\": 1, \"garbage\"".utf8).write(to: checkpoint)
        let process = Process()
        process.executableURL = try Self.requireHarness()
        process.arguments = ["--output", folder.path, "--checkpoint", checkpoint.path]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 3)
        #expect(message.contains(checkpoint.path))
    }
}
