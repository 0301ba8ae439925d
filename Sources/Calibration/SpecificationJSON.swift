import Foundation

/// A strict reader over parsed JSON that names the offending field in every error
/// (`scans[0].t1gd.labels: expected a string`) and rejects unknown keys.
struct SpecificationJSON {
    let value: Any
    /// Dotted path of this node, e.g. `model.priors.D_w`.
    let path: String

    /// Parses `data`; a syntax error is reported with line and column when the parser gives an offset.
    static func parse(_ data: Data, source: String) throws(CalibrationError) -> SpecificationJSON {
        do {
            let value = try JSONSerialization.jsonObject(with: data, options: [])
            return SpecificationJSON(value: value, path: "")
        } catch {
            let nsError = error as NSError
            var position = ""
            let debug = nsError.userInfo["NSDebugDescription"] as? String ?? ""
            let characterIndex = debug.range(of: #"character (\d+)"#, options: .regularExpression).flatMap {
                Int(debug[$0].dropFirst("character ".count))
            }
            if let index = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int ?? characterIndex {
                let (line, column) = lineAndColumn(of: index, in: data)
                position = " at line \(line), column \(column)"
            } else if let (line, column) = firstSyntaxProblem(in: data) {
                position = " near line \(line), column \(column)"
            }
            throw CalibrationError(.specification, source, "not valid JSON\(position) (\(debug.isEmpty ? nsError.localizedDescription : debug))")
        }
    }

    /// 1-based line and column of byte `offset`.
    static func lineAndColumn(of offset: Int, in data: Data) -> (Int, Int) {
        var line = 1, column = 1
        for (i, byte) in data.enumerated() where i < offset {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// A cheap scan for the first place where the JSON grammar breaks (used when Foundation does not
    /// report an offset): tracks strings and brackets and spots a few common mistakes
    /// (trailing commas, unbalanced brackets, bare words).
    static func firstSyntaxProblem(in data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        var stack: [UInt8] = []
        var inString = false, escaped = false
        var lastSignificant: UInt8 = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false; lastSignificant = b }
                i += 1; continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B: stack.append(b)
            case 0x7D, 0x5D:
                if lastSignificant == 0x2C { return lineAndColumn(of: i, in: data) }
                guard let open = stack.popLast(), (open == 0x7B && b == 0x7D) || (open == 0x5B && b == 0x5D) else {
                    return lineAndColumn(of: i, in: data)
                }
            case 0x20, 0x0A, 0x0D, 0x09: i += 1; continue
            default:
                let isLiteralStart = (0x30...0x39).contains(b) || b == 0x2D || b == 0x2B || b == 0x2E
                    || b == 0x65 || b == 0x45 || b == 0x2C || b == 0x3A
                if !isLiteralStart {
                    for word in ["true", "false", "null"] {
                        let w = Array(word.utf8)
                        if i + w.count <= bytes.count && Array(bytes[i..<(i + w.count)]) == w {
                            i += w.count; lastSignificant = 0x61
                            continue
                        }
                    }
                    if i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x0A) { return lineAndColumn(of: i, in: data) }
                    continue
                }
            }
            lastSignificant = b
            i += 1
        }
        if inString || !stack.isEmpty { return lineAndColumn(of: bytes.count, in: data) }
        return nil
    }

    /// Foundation bridges JSON booleans and numbers to NSNumber alike; the boolean class is told by name.
    static func isBoolean(_ value: Any) -> Bool { "\(type(of: value))".contains("Boolean") || type(of: value) == Bool.self }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ message: String) -> CalibrationError { CalibrationError(.specification, path.isEmpty ? "(top level)" : path, message) }

    /// The node as an object whose keys all belong to `allowed`.
    func object(allowed: Set<String>) throws(CalibrationError) -> [String: SpecificationJSON] {
        guard let dictionary = value as? [String: Any] else { throw fail("expected an object") }
        var result: [String: SpecificationJSON] = [:]
        for key in dictionary.keys.sorted() {
            guard allowed.contains(key) else {
                throw CalibrationError(.specification, child(key),
                                       "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
            }
            if let v = dictionary[key] { result[key] = SpecificationJSON(value: v, path: child(key)) }
        }
        return result
    }

    /// The node as an object with arbitrary keys (e.g. a map from parameter names).
    func dictionary() throws(CalibrationError) -> [String: SpecificationJSON] {
        guard let dictionary = value as? [String: Any] else { throw fail("expected an object") }
        var result: [String: SpecificationJSON] = [:]
        for (key, v) in dictionary { result[key] = SpecificationJSON(value: v, path: child(key)) }
        return result
    }

    func array() throws(CalibrationError) -> [SpecificationJSON] {
        guard let array = value as? [Any] else { throw fail("expected an array") }
        return array.enumerated().map { SpecificationJSON(value: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(CalibrationError) -> String {
        guard let s = value as? String else { throw fail("expected a string") }
        return s
    }

    func number() throws(CalibrationError) -> Double {
        guard let n = value as? NSNumber else { throw fail("expected a number") }
        if Self.isBoolean(value) { throw fail("expected a number, got a boolean") }
        let d = n.doubleValue
        guard d.isFinite else { throw fail("expected a finite number") }
        return d
    }

    func integer() throws(CalibrationError) -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 1e12 else { throw fail("expected a whole number, got \(d)") }
        return Int(d)
    }

    func bool() throws(CalibrationError) -> Bool {
        guard Self.isBoolean(value), let b = value as? Bool else { throw fail("expected true or false") }
        return b
    }

    func numbers(count: Int) throws(CalibrationError) -> [Double] {
        let items = try array()
        guard items.count == count else { throw fail("expected \(count) numbers, got \(items.count)") }
        var out: [Double] = []
        for item in items { out.append(try item.number()) }
        return out
    }
}
