import Testing
@testable import GlioBayesCommandLine

@Suite struct EditDistanceTests {
    @Test func knownDistances() {
        #expect(EditDistance.distance("", "") == 0)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("kitten", "sitting") == 3)  // classic Levenshtein example
        #expect(EditDistance.distance("sede", "seed") == 1)       // one adjacent transposition
        #expect(EditDistance.distance("ca", "abc") == 3)          // OSA (restricted) value; full Damerau gives 2
        #expect(EditDistance.distance("json", "json") == 0)
    }

    @Test func nearestRespectsThresholdAndOrder() {
        #expect(EditDistance.nearest(to: "sede", among: ["output", "seed"]) == "seed")
        #expect(EditDistance.nearest(to: "xyz", among: ["seed", "json"]) == nil)
        #expect(EditDistance.nearest(to: "ou", among: ["output", "seed"]) == "output")
        // Ambiguous prefix falls back to distance, ties go to the first candidate.
        #expect(EditDistance.nearest(to: "seeds", among: ["seed", "seed-mm"]) == "seed")
        #expect(EditDistance.nearest(to: "", among: ["seed"]) == nil)
    }
}
