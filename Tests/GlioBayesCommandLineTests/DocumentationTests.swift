import Foundation
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

/// The README documents the commands and exit codes; these tests keep it in step with the code.
@Suite struct DocumentationTests {
    static let readme = SharedData.repositoryRoot.appendingPathComponent("README.md")

    @Test func readmeListsEveryExitCode() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for code in ExitCode.allCases {
            #expect(text.contains("| \(code.rawValue) | \(code.meaning) |"),
                    "README.md: add the row '| \(code.rawValue) | \(code.meaning) |' to the exit-code table")
        }
    }

    @Test func readmeListsEveryRegisteredCommand() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for command in CommandRegistry.all {
            #expect(text.contains("| `gliobayes \(command.name)"),
                    "README.md: add a row for `gliobayes \(command.name)` to the command table")
        }
    }
}

/// Random token soup through the parser of every registered command: it either parses or throws a
/// `UsageError`, whose message is one line; it never traps.
@Suite struct ParserRobustnessTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomArgumentsNeverTrap() {
        var generator = SplitMix64(state: 20261203)
        let commands = CommandRegistry.all + [FakeSimulateCommand()]
        for command in commands {
            var pool = ["--", "-", "--=", "-x", "---", "x", "1", "-1", "1,2,3", "=", "--help=1", ""]
            for option in command.options {
                pool += [option.longForm, option.longForm + "=", option.longForm + "=v", String(option.longForm.dropLast())]
                if let short = option.shortName { pool.append("-\(short)") }
            }
            for _ in 0..<300 {
                let count = Int.random(in: 0...6, using: &generator)
                let arguments = (0..<count).map { _ in pool.randomElement(using: &generator) ?? "" }
                do {
                    _ = try ArgumentParser.parse(arguments, for: command, commandPath: "gliobayes \(command.name)")
                } catch {
                    let line = GlioBayesCommandLine.errorLine(for: error)
                    #expect(!line.contains("\n"), "\(arguments)")
                    #expect(error.exitCode == .usage)
                }
            }
        }
    }
}
