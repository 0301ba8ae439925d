/// The result of parsing one command's arguments: option values (with defaults) and positionals.
///
/// Accessors take the option's long name without dashes. Asking for a name the command did not
/// declare is a programmer mistake (precondition). The typed accessors in
/// `ParsedArguments+Values.swift` throw ``UsageError/invalidValue(option:value:expected:)``
/// naming the flag and the value.
public struct ParsedArguments: Sendable, Equatable {
    /// The command as the user would type it (`gliobayes simulate`), for messages.
    public let commandPath: String
    let options: [OptionSpec]
    let positionalSpecs: [PositionalSpec]
    /// Values given for each value option, in order of appearance (keyed by long name).
    var givenValues: [String: [String]]
    /// Number of times each flag was given (keyed by long name).
    var flagCounts: [String: Int]
    /// The positional arguments in order, including everything after `--`.
    public internal(set) var positionals: [String]

    init(commandPath: String, options: [OptionSpec], positionalSpecs: [PositionalSpec]) {
        self.commandPath = commandPath
        self.options = options
        self.positionalSpecs = positionalSpecs
        self.givenValues = [:]
        self.flagCounts = [:]
        self.positionals = []
    }

    func spec(_ name: String) -> OptionSpec {
        guard let spec = options.first(where: { $0.name == name }) else {
            preconditionFailure("'\(commandPath)' asked for undeclared option --\(name)")
        }
        return spec
    }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool {
        precondition(spec(name).isFlag, "--\(name) is a value option; use string(_:)")
        return (flagCounts[name] ?? 0) > 0
    }

    /// Whether the option was given explicitly (as opposed to taking its default).
    public func isGiven(_ name: String) -> Bool {
        let spec = spec(name)
        return spec.isFlag ? (flagCounts[name] ?? 0) > 0 : !(givenValues[name] ?? []).isEmpty
    }

    /// The value of `--name`: the last one given, else the default, else nil.
    public func string(_ name: String) -> String? {
        let spec = spec(name)
        precondition(!spec.isFlag, "--\(name) is a flag; use flag(_:)")
        return givenValues[name]?.last ?? spec.defaultValue
    }

    /// The value of a required option (the parser has already checked it is present).
    public func requiredString(_ name: String) throws(UsageError) -> String {
        guard let value = string(name) else { throw .missingOption("--\(name)", command: commandPath) }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("--\(name)", "must not be empty") }
        return value
    }

    /// All values of a repeatable option in order; `[default]` when absent and a default exists.
    public func strings(_ name: String) -> [String] {
        let spec = spec(name)
        precondition(!spec.isFlag, "--\(name) is a flag; use flag(_:)")
        if let given = givenValues[name], !given.isEmpty { return given }
        return spec.defaultValue.map { [$0] } ?? []
    }

    /// The value(s) bound to the positional named `name` (see ``PositionalSpec``): one string for a
    /// single argument, nil when an optional one is absent.
    public func positional(_ name: String) -> String? {
        positionalList(name).first
    }

    /// The values bound to the positional named `name` (all of them for a variadic one).
    public func positionalList(_ name: String) -> [String] {
        guard let index = positionalSpecs.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("'\(commandPath)' asked for undeclared argument <\(name)>")
        }
        // Fixed arguments before the variadic one take one value each, in order.
        var cursor = 0
        for (i, spec) in positionalSpecs.enumerated() {
            let remaining = positionals.count - cursor
            let take: Int
            if spec.isVariadic {
                let fixedAfter = positionalSpecs[(i + 1)...].count
                take = max(0, remaining - fixedAfter)
            } else {
                take = min(1, remaining)
            }
            if i == index { return Array(positionals[cursor..<(cursor + take)]) }
            cursor += take
        }
        return []
    }
}
