import Foundation
import Testing
import _TestSupport
@testable import Calibration

/// The real bioluminescence cohort (../shared/data/mouse-bli, Buchauer et al.): read as a long-format
/// manifest, it must give 23 animals, 172 measurements, 16 + 7 per group, all usable series.
@Test(.enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.skipMessage)))
func mouseBioluminescenceManifestCounts() throws {
    let manifest = try CohortManifest.read(SharedData.file("mouse-bli/bli_untreated.csv"))
    #expect(manifest.patients.count == 23)
    var measurements = 0
    for p in manifest.patients {
        guard case .series(let s) = p.source else { Issue.record("animal \(p.id) is not a usable series: \(p.source)"); continue }
        measurements += s.count
    }
    #expect(measurements == 172)
    #expect(manifest.patients.filter { $0.cohort == "no_treatment" }.count == 16)
    #expect(manifest.patients.filter { $0.cohort == "cre_neg_TAM_control" }.count == 7)
}
