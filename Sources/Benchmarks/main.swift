// Benchmarks: run with `swift run -c release Benchmarks <name>`; names: forward, rescaled, nifti, inference.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "forward": ForwardBenchmark.run(Array(arguments.dropFirst()))
case "rescaled": RescaledBenchmark.run(Array(arguments.dropFirst()))
case "nifti": NIfTIBenchmark.run(Array(arguments.dropFirst()))
case "inference": runInferenceBenchmarks(Array(arguments.dropFirst()))
default: print("usage: Benchmarks forward|rescaled|nifti|inference [--quick]")
}
