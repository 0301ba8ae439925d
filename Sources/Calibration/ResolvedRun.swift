import Foundation
import Inference

/// What a run folder records about its inputs: the specification as read (absolute base folder), the
/// model with its derived defaults, the likelihood voxels per resolution, and notes. Written to
/// `resolved-spec.json`; `predict` and `--resume` read it back.
public struct ResolvedRun: Codable, Sendable {
    public struct Grid: Codable, Sendable {
        public var resolutionMillimeters: Int
        public var role: String
        public var shape: [Int]
        public var workShape: [Int]
        public var tissueVoxels: Int
        public var regionOfInterestVoxels: Int
        public var likelihoodVoxels: Int
        public var subsampleEvery: Int
        public var roiMarginMillimeters: Double?
    }
    public var specification: PatientSpecification
    public var model: ResolvedModel
    public var grids: [Grid]
    public var notes: [String]
    public var patientGridShape: [Int]
    public var patientSpacingMillimeters: [Double]
}
