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

/// Where getopt-style order matters and ArgumentParser does not keep it: corosync's tools let
/// the last of several action options win.
public enum ShortOptionOrder {
    /// The last option of `candidates` on `arguments` (without the program name), read as getopt
    /// reads short options: clusters such as `-gq`, `valued` options taking the rest of their
    /// token or the next argument, and nothing after `--` or a long option's value. Nil when
    /// none of `candidates` is given.
    public static func last(of candidates: Set<Character>, valued: Set<Character>, in arguments: [String]) -> Character? {
        var found: Character?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            guard argument.hasPrefix("-"), argument.count > 1, !argument.hasPrefix("--") else { continue }
            var letters = argument.dropFirst()
            while let letter = letters.popFirst() {
                if candidates.contains(letter) { found = letter }
                if valued.contains(letter) {
                    if letters.isEmpty { index += 1 }
                    break
                }
            }
        }
        return found
    }
}
