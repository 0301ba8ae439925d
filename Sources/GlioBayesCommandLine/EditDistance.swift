/// Nearest-name suggestions for mistyped commands and options.
enum EditDistance {
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so that
    /// `sede` → `seed` costs 1, not 2. O(|a|·|b|) time; names are short.
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previousPrevious = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[t.count]
    }

    /// The candidate closest to `name`, or nil when none is close enough.
    ///
    /// A candidate that `name` is a prefix of wins when it is the only one (`out` → `output`);
    /// otherwise the smallest distance wins if it is at most max(1, (|name| + 2) / 3), ties going
    /// to the earlier candidate so suggestions are deterministic.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        guard !name.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        let limit = max(1, (name.count + 2) / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(name.lowercased(), candidate.lowercased())
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.candidate
    }
}
