import Testing
@testable import Inference

@Test func moduleLoads() { #expect(Bool(true)) }
