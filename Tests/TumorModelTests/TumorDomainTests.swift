import Foundation
import Imaging
import Testing
@testable import TumorModel

@Suite struct TumorDomainTests {
    /// Face coefficients on a 3×1×1 row WM | GM | outside with h = 2 mm and r = 10:
    /// D/D_w = 1, 0.1, 0 → k(WM,GM) = 2·1·0.1/1.1/4 = 0.04545…, k(GM,outside) = 0; row sums and the stable
    /// step follow; the ghost layer and the box origin are placed as documented.
    @Test func harmonicFacesAndNoFluxWalls() {
        let grid = Grid(shape: SIMD3(4, 1, 1), spacingMillimeters: SIMD3(2, 1, 1))
        let tissue = TissueMaps(grid: grid, whiteMatter: [0, 1, 0, 0], greyMatter: [0, 0, 1, 0])
        let domain = TumorDomain<Double>(tissue: tissue)
        #expect(domain.origin == SIMD3(0, -1, -1))
        #expect(domain.workGrid.shape == SIMD3(4, 3, 3))
        let g = domain.workGrid
        let kWG = 2 * 1 * 0.1 / 1.1 / 4
        #expect(domain.faceX[g.index(0, 1, 1)] == 0)               // outside | WM
        #expect(abs(domain.faceX[g.index(1, 1, 1)] - kWG) < 1e-15) // WM | GM
        #expect(domain.faceX[g.index(2, 1, 1)] == 0)               // GM | ghost
        #expect(domain.faceY.allSatisfy { $0 == 0 } && domain.faceZ.allSatisfy { $0 == 0 })
        #expect(abs(domain.maximumRowSum - kWG) < 1e-15)
        #expect(abs(domain.maximumStableTimeStep(whiteMatterDiffusivity: 0.5) - 1 / (0.5 * kWG)) < 1e-9)
        #expect(domain.tissueVoxelCount == 2)
    }

    /// Renormalised fractions (GliomaSolver): WM 0.3 + GM 0.3 diffuses like a 50/50 mixture (0.55 D_w);
    /// raw fractions give 0.3 + 0.03 = 0.33 D_w; a CSF-dominated voxel is outside.
    @Test func fractionConventionsAndCSF() {
        let grid = Grid(shape: SIMD3(2, 1, 1), spacingMillimeters: SIMD3(1, 1, 1))
        let tissue = TissueMaps(grid: grid, whiteMatter: [0.3, 0.2], greyMatter: [0.3, 0.1], csf: [0.4, 0.7])
        #expect(abs(tissue.relativeDiffusivity(0, ratio: 10, convention: .renormalised) - 0.55) < 1e-15)
        #expect(abs(tissue.relativeDiffusivity(0, ratio: 10, convention: .raw) - 0.33) < 1e-15)
        #expect(tissue.isTissue(0) && !tissue.isTissue(1))
    }
}
