import Calibration
import Foundation
import Imaging
import Reports

/// `gliobayes report RUN [--format html,ipynb]`: the uncertainty report of a run folder.
struct ReportCommand: Command {
    let name = "report"
    let summary = "Write the self-contained HTML report and Jupyter notebook of a run folder."
    let discussion = """
    Writes RUN/report.html (one self-contained file: inline CSS, SVG and PNG; nothing fetched from the
    network) and RUN/report.ipynb (nbformat 4.5; the same story in markdown and code cells run from the
    folder: what was run, diagnostics with warnings, traces, marginals over priors, pairs, volume bands with
    the observed volumes, slices with the observed outline; draws with ArviZ, maps with nibabel, figures
    with matplotlib). Run `gliobayes predict RUN` first to include the volume bands and the slices.
    """
    let options: [OptionSpec] = [
        .json,
        .value("format", valueName: "list", help: "Which renderings to write: html, ipynb or both.", default: "html,ipynb"),
    ]
    let positionals = [PositionalSpec("run", help: "Run folder written by gliobayes infer.")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let formats = (arguments.string("format") ?? "html,ipynb").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for f in formats where f != "html" && f != "ipynb" {
            throw UsageError.invalid("--format", "unknown format '\(f)' (use html, ipynb or both)")
        }
        guard !formats.isEmpty else { throw UsageError.invalid("--format", "names no format (use html, ipynb or both)") }
        let run = context.resolve(arguments.positional("run") ?? "")
        let output = try RunReport.build(runFolder: run, builtinAnatomy: BuiltinAnatomy.calibrationURLs(context: context),
                                         toolVersion: GlioBayesVersion.string)
        var files: [URL] = []
        if formats.contains("html") {
            let url = run.appendingPathComponent("report.html")
            try RunFolder(run).write(Data(output.html.utf8), to: url)
            files.append(url)
        }
        if formats.contains("ipynb") {
            let url = run.appendingPathComponent("report.ipynb")
            let data: Data
            do { data = try output.notebook.encoded() } catch {
                throw CalibrationError(.output, url.path, "cannot encode the notebook: \(error)")
            }
            try RunFolder(run).write(data, to: url)
            files.append(url)
        }
        if arguments.flag("json") {
            struct Written: Encodable { let files: [String] }
            try context.writeJSON(Written(files: files.map(\.path)))
        } else {
            for f in files { context.output(f.path) }
        }
        return .success
    }
}
