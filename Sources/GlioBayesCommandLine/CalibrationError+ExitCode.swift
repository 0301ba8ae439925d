import Calibration

extension CalibrationError: ExitCodeProviding {
    /// Specification mistakes are usage-like input problems (3), bad data 1, outputs 5.
    public var exitCode: ExitCode {
        switch kind {
        case .specification, .inputFile: return .inputFile
        case .data, .computation: return .failure
        case .output: return .outputFile
        }
    }
}

extension BuiltinAnatomy {
    /// The built-in maps for Calibration, or nil if they cannot be found (then a spec naming
    /// `"builtin"` fails with a clear message).
    static func calibrationURLs(context: CommandContext) -> (whiteMatter: URL, greyMatter: URL)? {
        guard let a = try? BuiltinAnatomy.locate(context: context) else { return nil }
        return (a.whiteMatterURL, a.greyMatterURL)
    }
}

import Foundation
