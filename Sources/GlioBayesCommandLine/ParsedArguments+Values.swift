import Foundation

/// Typed value accessors. Each returns nil when the option is absent and has no default, and throws
/// ``UsageError/invalidValue(option:value:expected:)`` naming the flag and the value otherwise.
extension ParsedArguments {
    /// Parses the value of `--name` with `parse`; `expected` describes valid values for the message.
    public func value<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws(UsageError) -> T? {
        guard let text = string(name) else { return nil }
        guard let value = parse(text) else {
            throw .invalidValue(option: "--\(name)", value: text, expected: expected)
        }
        return value
    }

    /// An integer (`--seed 42`).
    public func int(_ name: String) throws(UsageError) -> Int? {
        try value(name, expected: "an integer", ValueParsing.int)
    }

    /// An integer within `range` (`--chains 4`, range 1...64).
    public func int(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        try value(name, expected: "an integer in \(range.lowerBound)...\(range.upperBound)") {
            ValueParsing.int($0).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A finite number (`--rho 0.02`, `1e-3`).
    public func double(_ name: String) throws(UsageError) -> Double? {
        try value(name, expected: "a finite number", ValueParsing.double)
    }

    /// A finite number within `range`.
    public func double(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        try value(name, expected: "a number in [\(range.lowerBound), \(range.upperBound)]") {
            ValueParsing.double($0).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A comma-separated list of integers (`--days 300,360`).
    public func intList(_ name: String) throws(UsageError) -> [Int]? {
        try value(name, expected: "comma-separated integers like '300,360'") { ValueParsing.list($0, ValueParsing.int) }
    }

    /// A comma-separated list of finite numbers (`--days 0,30.5,60`).
    public func doubleList(_ name: String) throws(UsageError) -> [Double]? {
        try value(name, expected: "comma-separated numbers like '0,30.5'") { ValueParsing.list($0, ValueParsing.double) }
    }

    /// The longest span of days a command accepts (100 years): a growth model is meaningless beyond it,
    /// and an explicit solver would run for ever.
    public static let maximumDays = 36_500.0

    /// A comma-separated list of days in `[0, maximumDays]` (`--days 30,90,180`).
    public func dayList(_ name: String) throws(UsageError) -> [Double]? {
        try value(name, expected: "comma-separated days in [0, \(Int(Self.maximumDays))] like '30,90,180'") {
            ValueParsing.list($0, ValueParsing.double).flatMap { days in days.allSatisfy { $0 >= 0 && $0 <= Self.maximumDays } ? days : nil }
        }
    }

    /// Exactly three comma-separated finite numbers (`--seed-mm -12,30.5,8`).
    public func triple(_ name: String) throws(UsageError) -> SIMD3<Double>? {
        try value(name, expected: "three comma-separated numbers 'X,Y,Z'", ValueParsing.triple)
    }

    /// One of a fixed set of words (`--link symmetric`).
    public func choice(_ name: String, among choices: [String]) throws(UsageError) -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(text) else {
            var expected = "one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
            if let near = EditDistance.nearest(to: text, among: choices) { expected += "; did you mean '\(near)'?" }
            throw .invalidValue(option: "--\(name)", value: text, expected: expected)
        }
        return text
    }
}

/// The parsing rules behind the typed accessors, public so commands can reuse them on values
/// that come from elsewhere (positionals, JSON).
public enum ValueParsing {
    /// A decimal integer with optional sign; surrounding spaces are not allowed.
    public static func int(_ text: String) -> Int? { Int(text) }

    /// A finite decimal number (Swift `Double` syntax); rejects `nan`, `inf` and hexadecimal.
    public static func double(_ text: String) -> Double? {
        guard !text.lowercased().hasPrefix("0x"), !text.lowercased().hasPrefix("-0x"),
              let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Comma-separated values, each parsed by `element`; spaces around items are allowed, empty
    /// items are not.
    public static func list<T>(_ text: String, _ element: (String) -> T?) -> [T]? {
        var values: [T] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, let value = element(trimmed) else { return nil }
            values.append(value)
        }
        return values
    }

    /// Exactly three comma-separated finite numbers.
    public static func triple(_ text: String) -> SIMD3<Double>? {
        guard let values = list(text, double), values.count == 3 else { return nil }
        return SIMD3(values[0], values[1], values[2])
    }
}
