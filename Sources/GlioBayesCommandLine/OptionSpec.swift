/// One `--name` option a command accepts.
///
/// Options are long (`--seed 7` or `--seed=7`), optionally with a one-letter short form (`-o out`).
/// A flag takes no value (`--json`); a value option takes exactly one (`--times 300,360`); a
/// repeatable value option may be given several times (`--scan a.nii --scan b.nii`).
public struct OptionSpec: Sendable, Equatable {
    /// What the option takes.
    public enum Kind: Sendable, Equatable {
        /// A boolean flag: present or absent.
        case flag
        /// One value per occurrence; `valueName` is shown in help (`--seed <n>`).
        case value(valueName: String)
    }

    /// The long name without dashes (`seed` for `--seed`). Lowercase words joined by `-`.
    public var name: String
    /// An optional one-letter short form (`o` for `-o`).
    public var shortName: Character?
    public var kind: Kind
    /// One line for help.
    public var help: String
    /// The default, as the user would type it; shown in help and returned by the value accessors
    /// when the option is absent.
    public var defaultValue: String?
    /// Whether the option may be given more than once (values are collected in order).
    public var isRepeatable: Bool
    /// Whether the command cannot run without it (checked by the parser).
    public var isRequired: Bool

    /// A boolean flag.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: short, kind: .flag, help: help,
                   defaultValue: nil, isRepeatable: false, isRequired: false)
    }

    /// An option taking one value.
    public static func value(
        _ name: String, short: Character? = nil, valueName: String = "value", help: String,
        default defaultValue: String? = nil, repeatable: Bool = false, required: Bool = false
    ) -> OptionSpec {
        precondition(!(required && defaultValue != nil), "option --\(name): a required option has no default")
        return OptionSpec(name: name, shortName: short, kind: .value(valueName: valueName), help: help,
                          defaultValue: defaultValue, isRepeatable: repeatable, isRequired: required)
    }

    /// The conventional `--json` flag: one JSON document on stdout instead of text.
    public static let json = OptionSpec.flag(
        "json", help: "Write one JSON document to stdout instead of text.")

    /// `--name`, as typed.
    public var longForm: String { "--\(name)" }

    var isFlag: Bool { kind == .flag }

    /// `--seed <n>` or `-o, --output <path>`, as shown in help.
    var synopsis: String {
        var text = shortName.map { "-\($0), " } ?? ""
        text += longForm
        if case let .value(valueName) = kind { text += " <\(valueName)>" }
        return text
    }
}

/// One positional argument a command accepts.
public struct PositionalSpec: Sendable, Equatable {
    /// How many values the argument takes. Only the last positional may be variadic.
    public enum Arity: Sendable, Equatable {
        case required, optional, oneOrMore, zeroOrMore
    }

    /// The name shown in help (`<file>`), and the key for ``ParsedArguments/positional(_:)``.
    public var name: String
    public var arity: Arity
    public var help: String

    public init(_ name: String, arity: Arity = .required, help: String) {
        self.name = name
        self.arity = arity
        self.help = help
    }

    var synopsis: String {
        switch arity {
        case .required: return "<\(name)>"
        case .optional: return "[<\(name)>]"
        case .oneOrMore: return "<\(name)>..."
        case .zeroOrMore: return "[<\(name)>...]"
        }
    }

    var isVariadic: Bool { arity == .oneOrMore || arity == .zeroOrMore }
    var minimumCount: Int { (arity == .required || arity == .oneOrMore) ? 1 : 0 }
}
