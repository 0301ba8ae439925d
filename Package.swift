// swift-tools-version:6.0
// GlioBayes: Bayesian calibration of glioma growth models to patient MRI.
// Module graph (DESIGN.md §6): dependencies flow one way, top to bottom.
import PackageDescription

let package = Package(
    name: "GlioBayes",
    products: [
        .executable(name: "gliobayes", targets: ["gliobayes"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "TumorModel", targets: ["TumorModel"]),
        .library(name: "Probability", targets: ["Probability"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev liblapacke-dev zlib1g-dev).
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Probability", dependencies: ["LinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Imaging", dependencies: ["CZlib"], exclude: ["README.md"]),
        .target(name: "TumorModel", dependencies: ["Imaging", "LinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Inference", dependencies: ["Probability", "LinearAlgebra"], exclude: ["README.md", "Diagnostics/README.md", "Population/README.md"]),
        .target(name: "Calibration", dependencies: ["Imaging", "TumorModel", "Inference", "Probability"], exclude: ["README.md", "Cohort/README.md", "GrowthCurves/README.md"]),
        .target(name: "Reports", dependencies: ["CZlib", "Inference", "Imaging", "Calibration"], exclude: ["README.md"]),
        .target(name: "GlioBayesCommandLine", dependencies: ["Imaging", "TumorModel", "Inference", "Probability", "Calibration", "Reports"], exclude: ["README.md"]),
        .executableTarget(name: "gliobayes", dependencies: ["GlioBayesCommandLine"]),
        .executableTarget(name: "Benchmarks", dependencies: ["TumorModel", "Imaging", "Inference", "Probability", "LinearAlgebra"]),
        .target(name: "_TestSupport", dependencies: []),
        .executableTarget(name: "_SamplerHarness", dependencies: ["Inference", "Probability"]),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "ProbabilityTests", dependencies: ["Probability"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "_TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TumorModelTests", dependencies: ["TumorModel", "Imaging", "Probability", "_TestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Probability", "_TestSupport", "_SamplerHarness"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "_TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "CZlib", "Inference", "Imaging", "Calibration", "_TestSupport"]),
        .testTarget(name: "GlioBayesCommandLineTests", dependencies: ["GlioBayesCommandLine", "Imaging", "_TestSupport"]),
    ]
)
