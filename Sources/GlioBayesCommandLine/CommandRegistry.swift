/// The commands `gliobayes` knows, in the order `--help` lists them.
///
/// Add one line here per new command (keep one command per line so concurrent additions merge easily).
public enum CommandRegistry {
    public static let all: [any Command] = [
        AnatomyCommand(),
        InspectCommand(),
        ConvertCommand(),
        SimulateCommand(),
        SynthesizeCommand(),
        InferCommand(),
        PredictCommand(),
        ReportCommand(),
        CohortCommand(),
        CompareCommand(),
    ]
}
