import Testing
@testable import GlioBayesCommandLine

@Test func moduleLoads() { #expect(Bool(true)) }
