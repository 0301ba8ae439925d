import Testing
@testable import Imaging

@Test func moduleLoads() { #expect(Bool(true)) }
