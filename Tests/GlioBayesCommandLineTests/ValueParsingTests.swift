import Testing
@testable import GlioBayesCommandLine

@Suite struct ValueParsingTests {
    @Test func integersAndNumbers() {
        #expect(ValueParsing.int("42") == 42)
        #expect(ValueParsing.int("-7") == -7)
        #expect(ValueParsing.int("4.0") == nil)
        #expect(ValueParsing.int(" 4") == nil)
        #expect(ValueParsing.double("1e-3") == 0.001)
        #expect(ValueParsing.double("-.5") == -0.5)
        #expect(ValueParsing.double("nan") == nil)
        #expect(ValueParsing.double("inf") == nil)
        #expect(ValueParsing.double("0x10") == nil)
        #expect(ValueParsing.double("") == nil)
    }

    @Test func listsAndTriples() {
        #expect(ValueParsing.list("300,360", ValueParsing.int) == [300, 360])
        #expect(ValueParsing.list("300, 360", ValueParsing.int) == [300, 360])
        #expect(ValueParsing.list("300,", ValueParsing.int) == nil)
        #expect(ValueParsing.list("", ValueParsing.int) == nil)
        #expect(ValueParsing.triple("1,-2.5,3e1") == SIMD3(1, -2.5, 30))
        #expect(ValueParsing.triple("1,2,3,4") == nil)
    }

    @Test func rangedAccessorsNameTheRange() throws {
        struct Ranged: Command {
            let name = "ranged"
            let summary = "Ranged values."
            let options: [OptionSpec] = [
                .value("chains", valueName: "n", help: "Chains.", default: "4"),
                .value("theta", valueName: "x", help: "Threshold."),
                .value("link", valueName: "name", help: "Link.", default: "symmetric"),
            ]
            func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
                let chains = try arguments.int("chains", in: 1...64) ?? 0
                let theta = try arguments.double("theta", in: 0...1)
                let link = try arguments.choice("link", among: ["symmetric", "one-sided"]) ?? "-"
                context.output("\(chains) \(theta.map { "\($0)" } ?? "nil") \(link)")
                return .success
            }
        }
        let commands: [any Command] = [Ranged()]
        #expect(runTool(["ranged"], commands: commands).stdout == "4 nil symmetric\n")
        #expect(runTool(["ranged", "--theta", "0.16", "--link", "one-sided"], commands: commands).stdout == "4 0.16 one-sided\n")
        #expect(runTool(["ranged", "--chains", "0"], commands: commands).stderr
            == "gliobayes: error: --chains: invalid value '0'; expected an integer in 1...64\n")
        #expect(runTool(["ranged", "--theta", "1.5"], commands: commands).stderr
            == "gliobayes: error: --theta: invalid value '1.5'; expected a number in [0.0, 1.0]\n")
        #expect(runTool(["ranged", "--link", "symetric"], commands: commands).stderr
            == "gliobayes: error: --link: invalid value 'symetric'; expected one of 'symmetric', 'one-sided'; did you mean 'symmetric'?\n")
    }
}
