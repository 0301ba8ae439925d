// Benchmarks: run with `swift run -c release Benchmarks`. Filled in by the forward-model and inference work.
print("no benchmarks yet")
