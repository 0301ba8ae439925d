import Foundation
import Inference
import Testing
@testable import Reports

/// The run notebook's JSON and cells (scripts/checks/check-report.py executes them on a real run folder).
@Suite struct RunNotebookTests {
    static let notebook = RunReport.notebook(name: "patient-7", chainFiles: ["chain-1.csv", "chain-2.csv"],
                                             anatomy: ["/data/wm.nii.gz", "/data/gm.nii.gz"])

    static func cells() throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: notebook.encoded()) as? [String: Any])
        #expect(object["nbformat"] as? Int == 4)
        #expect(object["nbformat_minor"] as? Int == 5)
        return try #require(object["cells"] as? [[String: Any]])
    }

    static func code(after heading: String) throws -> String {
        let cells = try cells()
        let index = try #require(cells.firstIndex { ($0["source"] as? [String])?.first?.hasPrefix(heading) == true }, "no cell '\(heading)'")
        let next = cells[index + 1]
        #expect(next["cell_type"] as? String == "code", "'\(heading)' is not followed by code")
        return (next["source"] as? [String] ?? []).joined()
    }

    @Test func isValidNbformat4WithAMarkdownCellBeforeEachStep() throws {
        let cells = try Self.cells()
        #expect(Set(cells.compactMap { $0["id"] as? String }).count == cells.count, "cell ids must be unique")
        for cell in cells {
            #expect(cell["metadata"] is [String: Any] && cell["source"] is [String])
            if cell["cell_type"] as? String == "code" {
                #expect(cell["execution_count"] is NSNull && (cell["outputs"] as? [Any])?.isEmpty == true)
            } else {
                #expect(cell["cell_type"] as? String == "markdown")
            }
        }
        let headings = cells.filter { $0["cell_type"] as? String == "markdown" }.compactMap { ($0["source"] as? [String])?.first }
        #expect(headings == ["# GlioBayes run: patient-7\n", "## What was run\n", "## Diagnostics\n", "## Traces\n",
                             "## Marginal posteriors over their priors\n", "## Pairs\n", "## Predicted visible volume\n",
                             "## Slices through the lesion\n"])
        #expect(cells.count == 2 * headings.count, "each markdown cell explains the code cell after it")
    }

    @Test func setupLoadsTheRunFolder() throws {
        let setup = try Self.code(after: "# GlioBayes run")
        #expect(setup.contains("CHAIN_FILES = [\"chain-1.csv\", \"chain-2.csv\"]"))
        #expect(setup.contains("ANATOMY = [\"/data/wm.nii.gz\", \"/data/gm.nii.gz\"]"))
        #expect(setup.contains("az.from_cmdstan(chains)"))
        for file in ["run.json", "resolved-spec.json", "sampler.json"] { #expect(setup.contains("read_json(\"\(file)\")")) }
        #expect(setup.contains("\"D_w\": \"mm²/day\""))
    }

    @Test func whatWasRunAndDiagnosticsSayWhatTheHTMLSays() throws {
        let facts = try Self.code(after: "## What was run")
        for key in ["\"sampler\"", "\"seed\"", "\"wall time\"", "\"scans\"", "\"prior or fixed value\""] { #expect(facts.contains(key), "\(key)") }
        let diagnostics = try Self.code(after: "## Diagnostics")
        #expect(diagnostics.contains("MAX_RHAT, MIN_ESS = 1.01, 400"))
        for check in ["summary[\"r_hat\"] < MAX_RHAT", "summary[\"ess_bulk\"] >= MIN_ESS", "non_finite_proposals",
                      "run.get(\"converged\") is False", "print(\"WARNING:\", w)"] {
            #expect(diagnostics.contains(check), "\(check)")
        }
    }

    /// The marginals cell reads priors as resolved-spec.json stores them: one key per ``Prior`` case.
    @Test func marginalsKnowEveryPriorAsEncoded() throws {
        let marginals = try Self.code(after: "## Marginal posteriors")
        let priors: [Prior] = [.uniform(lower: 0, upper: 1), .logUniform(lower: 1, upper: 2), .normal(mean: 0, standardDeviation: 1),
                               .logNormal(logMean: 0, logStandardDeviation: 1),
                               .truncatedNormal(mean: 0, standardDeviation: 1, lower: -1, upper: 1)]
        for prior in priors {
            let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(prior)) as? [String: [String: Double]])
            let (kind, arguments) = try #require(object.first)
            #expect(marginals.contains("if kind == \"\(kind)\":"), "no density for \(kind)")
            for name in arguments.keys { #expect(marginals.contains("a[\"\(name)\"]"), "\(kind) argument \(name) unused") }
        }
    }

    @Test func predictionCellsDrawBandsAndSlicesAndToleratePredictMissing() throws {
        let volume = try Self.code(after: "## Predicted visible volume")
        for part in ["\"volumes.csv\"", "fill_between", "q5", "q95", "q25", "q75", "\"observed\"", "note: no predictions yet"] {
            #expect(volume.contains(part), "\(part)")
        }
        let slices = try Self.code(after: "## Slices through the lesion")
        for part in ["p-visible-flair-*.nii.gz", "mean-c-", "nib.load", "ax.contour", "\"axial\"", "\"coronal\"", "\"sagittal\"",
                     "note: no predicted maps"] {
            #expect(slices.contains(part), "\(part)")
        }
    }

    @Test func pythonStringsAreQuotedAndEscaped() {
        #expect(RunReport.pythonString("/runs/a b/wm.nii.gz") == "\"/runs/a b/wm.nii.gz\"")
        #expect(RunReport.pythonString("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"")
    }
}
