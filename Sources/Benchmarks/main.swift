// Benchmarks: run with `swift run -c release Benchmarks <name>`; names: forward.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "forward": ForwardBenchmark.run(Array(arguments.dropFirst()))
default: print("usage: Benchmarks forward [--quick]")
}
