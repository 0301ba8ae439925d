/// Entry point of the `gliobayes` command-line tool (placeholder until the parser lands).
public enum GlioBayesCommandLine {
    /// Runs the tool with the given arguments (without the program name) and returns the exit code.
    public static func run(_ arguments: [String]) -> Int32 { 0 }
}
