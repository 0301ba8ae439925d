/// Parses one command's arguments against its ``OptionSpec``s and ``PositionalSpec``s.
///
/// Rules (the same for every command):
/// - `--name value` and `--name=value` for value options; `-x value` for a short form;
/// - `--flag` for booleans (`--flag=value` is an error);
/// - a non-repeatable option given twice is an error; repeatable ones collect values in order;
/// - a value option followed by nothing, or by another `--option`, is "missing value" (write
///   `--name=--odd` for a value that starts with `--`); a single-dash value such as `-12,3,4` is
///   taken as the value;
/// - `--` ends options: everything after it is positional;
/// - `-` alone and negative numbers (`-3`, `-.5`) are positional;
/// - `--help`/`-h` anywhere before `--` asks for help, whatever else is wrong.
public enum ArgumentParser {
    /// What a command's arguments asked for.
    public enum Outcome: Sendable, Equatable {
        case help
        case arguments(ParsedArguments)
    }

    /// `--help` / `-h`, accepted by every command.
    public static let helpOption = OptionSpec.flag("help", short: "h", help: "Show this help and exit.")

    /// Parses `arguments` (after the command name) for `command`; `commandPath` names it in messages.
    public static func parse(
        _ arguments: [String], for command: any Command, commandPath: String
    ) throws(UsageError) -> Outcome {
        let options = command.options
        checkDeclarations(options, command.positionals, commandPath)

        let beforeTerminator = arguments.prefix { $0 != "--" }
        if beforeTerminator.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }

        var parsed = ParsedArguments(commandPath: commandPath, options: options, positionalSpecs: command.positionals)
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" {
                parsed.positionals.append(contentsOf: arguments[index...])
                break
            }
            guard isOptionLike(token) else {
                parsed.positionals.append(token)
                continue
            }

            // Split `--name=value`; find the spec by long or short name.
            let spelled: String
            var inlineValue: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                spelled = String(token[..<equals])
                inlineValue = String(token[token.index(after: equals)...])
            } else {
                spelled = token
            }
            guard let spec = lookup(spelled, in: options) else {
                throw .unknownOption(spelled, command: commandPath, suggestion: suggestion(for: spelled, in: options))
            }

            switch spec.kind {
            case .flag:
                if let inlineValue { throw .unexpectedValue(option: spec.longForm, value: inlineValue) }
                let count = (parsed.flagCounts[spec.name] ?? 0) + 1
                if count > 1, !spec.isRepeatable { throw .repeatedOption(spec.longForm) }
                parsed.flagCounts[spec.name] = count
            case let .value(valueName):
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count, !(arguments[index].hasPrefix("--") && arguments[index].count > 2 || arguments[index] == "--") else {
                        throw .missingValue(option: spec.longForm, valueName: valueName)
                    }
                    value = arguments[index]
                    index += 1
                }
                var values = parsed.givenValues[spec.name] ?? []
                if !values.isEmpty, !spec.isRepeatable { throw .repeatedOption(spec.longForm) }
                values.append(value)
                parsed.givenValues[spec.name] = values
            }
        }

        for spec in options where spec.isRequired && (parsed.givenValues[spec.name] ?? []).isEmpty {
            throw .missingOption(spec.longForm, command: commandPath)
        }
        try checkPositionalCount(parsed.positionals, command.positionals, commandPath)
        return .arguments(parsed)
    }

    /// Whether a token is meant as an option: starts with `-`, is not `-` alone, and is not a number.
    static func isOptionLike(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token.count > 1 else { return false }
        if token.hasPrefix("--") { return true }
        let second = token[token.index(after: token.startIndex)]
        return !(second.isNumber || second == ".")
    }

    static func lookup(_ spelled: String, in options: [OptionSpec]) -> OptionSpec? {
        if spelled.hasPrefix("--") {
            let name = String(spelled.dropFirst(2))
            return options.first { $0.name == name }
        }
        guard spelled.count == 2, let letter = spelled.last else { return nil }
        return options.first { $0.shortName == letter }
    }

    /// The nearest valid spelling of an unknown option, with its dashes.
    static func suggestion(for spelled: String, in options: [OptionSpec]) -> String? {
        let name = String(spelled.drop { $0 == "-" })
        let candidates = options.map(\.name) + [helpOption.name]
        if spelled.hasPrefix("-"), !spelled.hasPrefix("--"), name.count > 1,
           candidates.contains(name) {
            return "--\(name)"  // `-seed` → `--seed`
        }
        return EditDistance.nearest(to: name, among: candidates).map { "--\($0)" }
    }

    static func checkPositionalCount(
        _ values: [String], _ specs: [PositionalSpec], _ commandPath: String
    ) throws(UsageError) {
        let minimum = specs.reduce(0) { $0 + $1.minimumCount }
        let isBounded = !specs.contains(where: \.isVariadic)
        if values.count < minimum {
            // Name the first required argument that is left without a value.
            var available = values.count
            for spec in specs where spec.minimumCount > 0 {
                if available == 0 { throw .missingArgument(spec.name, command: commandPath) }
                available -= 1
            }
        }
        if isBounded, values.count > specs.count {
            throw .unexpectedArgument(values[specs.count], command: commandPath)
        }
    }

    /// Programmer mistakes in a command's declarations fail loudly at the first run.
    static func checkDeclarations(_ options: [OptionSpec], _ positionals: [PositionalSpec], _ commandPath: String) {
        var names = Set<String>([helpOption.name])
        var shorts = Set<Character>(["h"])
        for option in options {
            precondition(!option.name.isEmpty && !option.name.hasPrefix("-"), "\(commandPath): option name '\(option.name)' must be given without dashes")
            precondition(names.insert(option.name).inserted, "\(commandPath): option --\(option.name) declared twice (or clashes with --help)")
            if let short = option.shortName {
                precondition(shorts.insert(short).inserted, "\(commandPath): short option -\(short) declared twice")
            }
        }
        for (i, spec) in positionals.enumerated() where spec.isVariadic {
            precondition(!positionals[(i + 1)...].contains(where: \.isVariadic), "\(commandPath): only one variadic positional allowed")
            precondition(!positionals[(i + 1)...].contains(where: { $0.arity == .optional }), "\(commandPath): no optional positional after a variadic one")
        }
    }
}
