import Testing
@testable import TumorModel

@Test func moduleLoads() { #expect(Bool(true)) }
