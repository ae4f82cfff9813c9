import ArgumentParser

#if canImport(Glibc)
import Glibc
private let processExit = Glibc.exit
#elseif canImport(Musl)
import Musl
private let processExit = Musl.exit
#endif

/// What `cfgtool`, `quorumtool` and `cmapctl` share: corosync's tools print usage and exit 0 for
/// `-h`, print one error line and exit 1 for a bad option, and otherwise exit with the status of
/// the action.
public protocol OperatorTool: ParsableCommand {
    /// Runs the parsed command line and returns the process exit status.
    func execute() -> Int32
}

extension OperatorTool {
    /// Parses the command line, runs ``execute()`` and exits with its status; `-h`/`--help` prints
    /// usage and exits 0, a parse error prints the parser's message on stderr and exits 1.
    public static func main() {
        let command: Self
        do {
            command = try parse()
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                processExit(0)
            }
            writeError(fullMessage(for: error))
            processExit(1)
        }
        processExit(command.execute())
    }

    /// Writes `message` and a newline to standard error, unbuffered (so it is never lost at exit
    /// and never mixes into stdout).
    public static func writeError(_ message: String) {
        var line = message.hasSuffix("\n") ? message : message + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
