import Foundation
import Testing

/// Every operator tool answers `--help` with its usage and status 0, and an unknown option with a
/// one-line error and status 1: never a crash.
@Suite struct ToolHelpTests {
    @Test(arguments: ["totemd", "cfgtool", "quorumtool", "cmapctl"])
    func helpPrintsUsageAndExitsZero(tool: String) async throws {
        let binary = try CfgtoolProcessTests.binaryDirectory().appendingPathComponent(tool)
        let help = try await ToolRun.run(binary, ["--help"])
        #expect(help.status == 0, "\(tool) --help exited \(help.status):\n\(help.stderr)")
        #expect(help.stdout.contains("USAGE:"), "\(tool) --help printed:\n\(help.stdout)\(help.stderr)")
        #expect(!help.stderr.contains("crashed"), "\(tool) --help crashed:\n\(help.stderr)")
    }

    @Test(arguments: ["cfgtool", "quorumtool", "cmapctl"])
    func unknownOptionIsAnErrorNotACrash(tool: String) async throws {
        let binary = try CfgtoolProcessTests.binaryDirectory().appendingPathComponent(tool)
        let bad = try await ToolRun.run(binary, ["--no-such-option"])
        #expect(bad.status == 1, "\(tool) --no-such-option exited \(bad.status):\n\(bad.stderr)")
        #expect(!bad.stderr.contains("crashed"), "\(tool) crashed:\n\(bad.stderr)")
    }
}
