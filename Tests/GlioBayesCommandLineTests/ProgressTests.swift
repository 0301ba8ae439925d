import Foundation
import Testing
@testable import GlioBayesCommandLine

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0.0
    func advance(_ seconds: Double) { lock.lock(); now += seconds; lock.unlock() }
    var read: @Sendable () -> Double { { [self] in lock.lock(); defer { lock.unlock() }; return now } }
}

@Suite struct ProgressTests {
    @Test func plainLinesAreSparse() {
        let capture = OutputCapture(), clock = ManualClock()
        let progress = Progress(label: "sampling", total: 100, output: .capturing(into: capture),
                                isTerminal: false, clock: clock.read)
        for _ in 0..<100 {
            clock.advance(1)
            progress.advance()
        }
        progress.finish()
        // Every tenth would be a line, but lines are at least 5 s apart: 10 s apart here.
        #expect(capture.lines == [
            "gliobayes: sampling: 10/100 (10%) after 10.0s",
            "gliobayes: sampling: 20/100 (20%) after 20.0s",
            "gliobayes: sampling: 30/100 (30%) after 30.0s",
            "gliobayes: sampling: 40/100 (40%) after 40.0s",
            "gliobayes: sampling: 50/100 (50%) after 50.0s",
            "gliobayes: sampling: 60/100 (60%) after 1m00s",
            "gliobayes: sampling: 70/100 (70%) after 1m10s",
            "gliobayes: sampling: 80/100 (80%) after 1m20s",
            "gliobayes: sampling: 90/100 (90%) after 1m30s",
            "gliobayes: sampling: done 100/100 in 1m40s",
        ])
        #expect(!capture.text.contains("\r"))
    }

    @Test func fastJobsPrintOnlyTheFinalLine() {
        let capture = OutputCapture(), clock = ManualClock()
        let progress = Progress(label: "fit", total: 1000, output: .capturing(into: capture),
                                isTerminal: false, clock: clock.read)
        for _ in 0..<1000 { clock.advance(0.001); progress.advance() }
        progress.finish("converged")
        #expect(capture.lines == ["gliobayes: fit: done 1000/1000 in 1.0s — converged"])
    }

    @Test func terminalBarRedrawsInPlaceAndEndsTheLine() {
        let capture = OutputCapture(), clock = ManualClock()
        let progress = Progress(label: "run", total: 4, output: .capturing(into: capture),
                                isTerminal: true, clock: clock.read)
        for _ in 0..<4 { clock.advance(1); progress.advance() }
        progress.finish()
        progress.finish()  // idempotent
        let frames = capture.text.components(separatedBy: "\r\u{1B}[2K").filter { !$0.isEmpty }
        #expect(frames.count == 5)
        #expect(frames[0] == "run [######------------------]  25% 1/4  1.0s  eta 3.0s")
        #expect(frames[4] == "run [########################] 100% 4/4  4.0s\n")
        #expect(capture.text.filter { $0 == "\n" }.count == 1)
    }

    @Test func concurrentAdvancesAreCounted() {
        let capture = OutputCapture()
        let progress = Progress(label: "chains", total: 4000, output: .capturing(into: capture), isTerminal: false)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<1000 { progress.advance() }
        }
        progress.finish()
        #expect(capture.lines.last?.hasPrefix("gliobayes: chains: done 4000/4000 in ") == true)
    }
}
