import Foundation
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

@Suite struct CohortCommandTests {
    /// Two groups of three exponential series (rates 0.3 and 0.15 per day), one bad animal.
    static func writeManifest(in folder: URL) throws -> URL {
        var lines = ["animal,group,day,value"]
        let rates: [(String, [Double])] = [("fast", [0.28, 0.31, 0.30]), ("slow", [0.16, 0.14, 0.15])]
        let wiggle = [0.05, -0.04, 0.02, -0.03, 0.04, -0.01]
        for (group, lambdas) in rates {
            for (i, lambda) in lambdas.enumerated() {
                for (k, day) in stride(from: 0.0, through: 20, by: 4).enumerated() {
                    lines.append("\(group)\(i),\(group),\(day),\(2e5 * exp(lambda * day + wiggle[(k + i) % 6]))")
                }
            }
        }
        lines += ["bad,fast,0,1", "bad,fast,3,0", "bad,fast,6,2"]
        let url = folder.appendingPathComponent("manifest.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// cohort → table with one failure recorded (exit 1), resume, then compare → report and differences.
    @Test func cohortThenCompare() throws {
        let folder = try SharedData.temporaryDirectory("cohort-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try Self.writeManifest(in: folder)
        let out = folder.appendingPathComponent("cohort")
        let args = ["cohort", manifest.path, "--out", out.path, "--jobs", "2", "--models", "exponential,linear-radial",
                    "--error", "lognormal", "--noise", "0.05", "--particles", "80"]
        let first = runTool(args, commands: CommandRegistry.all)
        #expect(first.code == 1, "one patient has a zero value: stderr \(first.stderr)")
        #expect(first.stderr.contains("patient bad"))
        #expect(first.stdout.contains("fast0\tfast\tcomplete\texponential"))
        let again = runTool(args + ["--json"], commands: CommandRegistry.all)
        #expect(again.stdout.contains("\"resumed\" : 6"), "\(again.stdout)")

        let cmp = folder.appendingPathComponent("cmp")
        let compared = runTool(["compare", out.path, "--out", cmp.path, "--iterations", "400", "--draws-per-patient", "160"],
                               commands: CommandRegistry.all)
        #expect(compared.code == 0, "stderr: \(compared.stderr)")
        #expect(compared.stdout.contains("log(lambda)\tfast − slow"))
        for file in ["report.html", "comparison.json", "population.csv", "differences.csv"] {
            #expect(FileManager.default.fileExists(atPath: cmp.appendingPathComponent(file).path), "missing \(file)")
        }
        let html = try String(contentsOf: cmp.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("Forest plot") && !html.contains("<script"))
        let differences = try String(contentsOf: cmp.appendingPathComponent("differences.csv"), encoding: .utf8)
        let row = differences.split(separator: "\n")[1].split(separator: ",")
        // log(0.3/0.15) = 0.693 must lie inside the 95 % interval.
        let lower = try #require(Double(row[5])), upper = try #require(Double(row[6]))
        #expect(lower < log(2.0) && log(2.0) < upper, "[\(lower), \(upper)]")
    }

    @Test func badManifestIsAnInputError() throws {
        let folder = try SharedData.temporaryDirectory("cohort-cli-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.csv")
        try "who,day,value\na,0,1\n".write(to: url, atomically: true, encoding: .utf8)
        let result = runTool(["cohort", url.path, "--out", folder.appendingPathComponent("o").path], commands: CommandRegistry.all)
        #expect(result.code == 3, "\(result.stderr)")
        #expect(result.stderr.contains("no patient id column"))
        let unknown = runTool(["cohort", url.path, "--out", "x", "--models", "cubic"], commands: CommandRegistry.all)
        #expect(unknown.code == 3 || unknown.code == 2)
    }
}
