import Foundation
import Imaging

/// `gliobayes convert IN OUT [--datatype T]`: rewrite a NIfTI image as NIfTI-1 `.nii` or `.nii.gz`,
/// optionally in another datatype.
struct ConvertCommand: Command {
    let name = "convert"
    let summary = "Convert a NIfTI image between .nii / .nii.gz / .hdr+.img and between datatypes."
    let discussion = """
    Reads IN (NIfTI-1 or -2: .nii, .nii.gz, .hdr/.img), applies its scl_slope/scl_inter, and writes
    OUT as a NIfTI-1 single file, gzip-compressed when OUT ends in .gz. The affine is kept (written as
    the sform, with the nearest qform; both codes copied from IN's sform_code, else qform_code, else 1),
    units mm, no scaling. The datatype is IN's unless --datatype is given. Values that do not fit the
    target type (integers: not whole or out of range; float32: beyond ±3.4e38) are refused, naming the
    first offending voxel, and nothing is written. The write is atomic.

    Example: gliobayes convert tumT1c.nii.gz labels.nii --datatype uint8
    """
    var options: [OptionSpec] {
        [.value("datatype", short: "t", valueName: "type",
                help: "Output datatype: " + NIfTIDatatype.allCases.map(\.name).joined(separator: ", ") + " (default: the input's)."),
         .value("description", valueName: "text", help: "Text for the header's descrip field (default: the input's).")]
    }
    let positionals = [PositionalSpec("in", help: "Input NIfTI file."),
                       PositionalSpec("out", help: "Output file, ending in .nii or .nii.gz.")]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let input = arguments.positional("in"), let output = arguments.positional("out") else {
            throw UsageError.missingArgument("in", command: arguments.commandPath)
        }
        let datatype = try arguments.choice("datatype", among: NIfTIDatatype.allCases.map(\.name)).flatMap(NIfTIDatatype.init(name:))
        let lower = output.lowercased()
        guard lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") else {
            throw UsageError.invalidValue(option: "<out>", value: output,
                                          expected: "a name ending in .nii or .nii.gz (GlioBayes writes single-file NIfTI-1)")
        }
        let image = try NIfTIFile.read(context.resolve(input))
        let header = image.header
        let code = (1...5).contains(header.sformCode) ? header.sformCode : ((1...5).contains(header.qformCode) ? header.qformCode : 1)
        let target = datatype ?? image.geometry.datatype
        let outputURL = context.resolve(output)
        do {
            try NIfTIFile.write(image.volume, to: outputURL, datatype: target,
                                description: arguments.string("description") ?? header.descrip, formCode: code)
        } catch let error as NIfTIError {
            if case .valueDoesNotFit = error.kind, datatype == nil {
                throw CommandFailure(output, error.problem + " (the input is scaled; choose a wider type with --datatype, e.g. float32)",
                                     exitCode: error.exitCode)
            }
            throw error
        }
        let shape = image.volume.grid.shape
        context.note("wrote \(output): \(target.name), \(shape.x)×\(shape.y)×\(shape.z)")
        return .success
    }
}
