import Testing
@testable import LinearAlgebra

@Test func moduleLoads() { #expect(Bool(true)) }
