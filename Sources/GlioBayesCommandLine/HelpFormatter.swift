/// Builds the `--help` texts: the top-level one (commands, global options, output conventions,
/// exit codes) and one per command (usage, arguments, options with defaults).
enum HelpFormatter {
    static let width = 100

    static func topLevel(commands: [any Command]) -> String {
        var text = """
        gliobayes \(GlioBayesVersion.string) — Bayesian calibration of glioma growth models to MRI

        USAGE:
          gliobayes <command> [options] [arguments]
          gliobayes <command> --help
          gliobayes help [<command>]
          gliobayes --version


        """
        text += "COMMANDS:\n"
        text += table(commands.map { ($0.name, $0.summary) })
        text += "\nOPTIONS:\n"
        text += table([("-h, --help", "Show this help and exit."),
                       ("--version", "Print the version and exit.")])
        text += """

        OUTPUT:
          Data (results, tables) go to stdout; progress, warnings and errors go to stderr. A progress
          bar is drawn only when stderr is a terminal; otherwise progress is a few plain lines. With
          --json a command writes exactly one JSON document (UTF-8, sorted keys) to stdout. Errors are
          one line: 'gliobayes: error: <file or flag>: <problem>'.

        ENVIRONMENT:
          GLIOBAYES_ANATOMY   folder holding the built-in MNI ICBM152 2009a GM/WM maps (default: found
                              next to the executable in a clone, Resources/anatomy/mni152-2009a).

        EXIT CODES:

        """
        text += table(ExitCode.allCases.map { (String($0.rawValue), $0.meaning) })
        return text
    }

    static func command(_ command: any Command, path: String) -> String {
        var usage = "\(path)"
        if !command.options.isEmpty { usage += " [options]" }
        for positional in command.positionals { usage += " \(positional.synopsis)" }
        var text = "\(path) — \(command.summary)\n\nUSAGE:\n  \(usage)\n"
        if !command.discussion.isEmpty {
            text += "\n" + command.discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !command.positionals.isEmpty {
            text += "\nARGUMENTS:\n"
            text += table(command.positionals.map { ($0.synopsis, $0.help) })
        }
        text += "\nOPTIONS:\n"
        let rows = (command.options + [ArgumentParser.helpOption]).map { option -> (String, String) in
            var help = option.help
            if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
            if option.isRequired { help += " (required)" }
            if option.isRepeatable { help += " (repeatable)" }
            return (option.shortName == nil ? "    " + option.synopsis : option.synopsis, help)
        }
        text += table(rows)
        text += "\nExit codes: see 'gliobayes --help'.\n"
        return text
    }

    /// Two columns: the left padded to the widest entry (at most 30), the right word-wrapped.
    static func table(_ rows: [(String, String)]) -> String {
        let leftWidth = min(30, rows.map(\.0.count).max() ?? 0)
        let indent = 2 + leftWidth + 3
        var text = ""
        for (left, right) in rows {
            var line = "  " + left
            let wrapped = wrap(right, width: max(30, width - indent))
            if left.count > leftWidth {
                text += line + "\n"
                line = String(repeating: " ", count: indent - 1)
            } else {
                line += String(repeating: " ", count: leftWidth - left.count + 2)
            }
            for (i, piece) in wrapped.enumerated() {
                text += (i == 0 ? line + " " : String(repeating: " ", count: indent)) + piece + "\n"
            }
            if wrapped.isEmpty { text += line + "\n" }
        }
        return text
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
