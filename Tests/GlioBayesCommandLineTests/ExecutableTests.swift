import Foundation
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

/// Runs the built `gliobayes` binary as a subprocess: real exit statuses, real stdout/stderr split.
@Suite struct ExecutableTests {
    /// `gliobayes` next to the test bundle (`.build/<triple>/debug/`), which `swift test` builds.
    static let binary: URL? = {
        var candidates: [URL] = []
        if let executable = CommandContext.currentExecutableURL() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("gliobayes"))
        }
        candidates.append(SharedData.repositoryRoot.appendingPathComponent(".build/debug/gliobayes"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let binary = try #require(Self.binary, "gliobayes binary not found next to the test bundle; run 'swift build' first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func versionAndHelpExitZero() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "gliobayes \(GlioBayesVersion.string)\n")
        let help = try run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXIT CODES:"))
        #expect(help.stderr.isEmpty)
    }

    /// Output that cannot be written (stdout on /dev/full: "No space left on device") is exit 5 with a
    /// line on stderr, not a silent success.
    @Test func unwritableStandardOutputExitsFive() throws {
        let binary = try #require(Self.binary, "gliobayes binary not found")
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }   // not on this system
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--version"]
        process.standardOutput = full
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 5)
        #expect(stderr.hasPrefix("gliobayes: error: standard output:"), "\(stderr)")
    }

    @Test func usageErrorsExitTwoWithOneLineOnStderr() throws {
        let result = try run(["anatomy", "--jsno"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "gliobayes: error: --jsno: unknown option for 'gliobayes anatomy'; did you mean '--json'?\n")
        let noCommand = try run([])
        #expect(noCommand.status == 2)
        #expect(noCommand.stdout.isEmpty)
    }

    @Test func missingAnatomyExitsThreeAndNamesTheFile() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["GLIOBAYES_ANATOMY"] = "/nonexistent/anatomy"
        let result = try run(["anatomy"], environment: environment)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("gliobayes: error: /nonexistent/anatomy/\(BuiltinAnatomy.greyMatterFileName):"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func hostileArgumentsNeverCrash() throws {
        let hostile: [[String]] = [
            ["--"], ["-"], ["---"], ["--=x"], ["anatomy", "--path"], ["anatomy", "--path="], ["anatomy", "--json=1"],
            ["anatomy", "-"], ["anatomy", "--", "--json"], ["\u{0}"], ["anatomy", "--pa\u{301}th", "x"],
            [String(repeating: "x", count: 10_000)],
        ]
        for arguments in hostile {
            let result = try run(arguments)
            #expect(result.status == 2, "\(arguments.map { $0.prefix(20) })")
            #expect(result.stderr.hasPrefix("gliobayes: error: "), "\(arguments.map { $0.prefix(20) })")
        }
    }
}
