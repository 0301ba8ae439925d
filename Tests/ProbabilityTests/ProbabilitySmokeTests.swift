import Testing
@testable import Probability

@Test func moduleLoads() { #expect(Bool(true)) }
