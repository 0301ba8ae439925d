/// `gliobayes anatomy`: says where the built-in anatomy is, so scripts and other tools can use it.
struct AnatomyCommand: Command {
    let name = "anatomy"
    let summary = "Show where the built-in MNI ICBM152 2009a grey/white-matter maps are."
    let discussion = """
    The built-in anatomy is used when a job names none. Prints one 'key<TAB>path' line per item
    (directory, grey_matter, white_matter, notice), or with --json one object with those keys plus
    shape and spacing_mm. --path prints only the path of one item (for use in shell scripts).
    Set GLIOBAYES_ANATOMY to use another folder holding files with the same names.
    """
    let options: [OptionSpec] = [
        .json,
        .value("path", valueName: "item", help: "Print only the path of one item: directory, grey_matter, white_matter or notice."),
    ]

    private struct Report: Encodable {
        let directory: String
        let greyMatter: String
        let whiteMatter: String
        let notice: String
        let shape: [Int]
        let spacingMillimeters: Double

        enum CodingKeys: String, CodingKey {
            case directory, notice, shape
            case greyMatter = "grey_matter"
            case whiteMatter = "white_matter"
            case spacingMillimeters = "spacing_mm"
        }
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let items = ["directory", "grey_matter", "white_matter", "notice"]
        let only = try arguments.choice("path", among: items)
        if only != nil, arguments.flag("json") {
            throw UsageError.invalid("--path", "cannot be combined with --json")
        }
        let anatomy = try BuiltinAnatomy.locate(context: context)
        let paths = [anatomy.directory.path, anatomy.greyMatterURL.path, anatomy.whiteMatterURL.path, anatomy.noticeURL.path]
        if let only, let index = items.firstIndex(of: only) {
            context.output(paths[index])
        } else if arguments.flag("json") {
            try context.writeJSON(Report(
                directory: paths[0], greyMatter: paths[1], whiteMatter: paths[2], notice: paths[3],
                shape: BuiltinAnatomy.shape, spacingMillimeters: BuiltinAnatomy.spacingMillimeters))
        } else {
            for (item, path) in zip(items, paths) { context.output("\(item)\t\(path)") }
        }
        return .success
    }
}
