import ArgumentParser
import Totem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `totemd`: the cluster engine daemon. For now only its configuration check
/// (`--check-config`, the role of `corosync -t`).
///
/// Exit status: 0 valid, 8 bad main configuration, 7 bad logging value (as corosync).
@main
struct Totemd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totemd",
        abstract: "Corosync-compatible cluster engine.",
        discussion: """
            --check-config FILE parses and validates a corosync.conf, prints the keys and the \
            effective runtime.config.totem values as corosync-cmapctl would, and exits: 0 valid, \
            8 invalid, 7 invalid logging value.
            """)

    @Option(name: .customLong("check-config"), help: ArgumentHelp("Validate this corosync.conf and print the effective values.", valueName: "file"))
    var checkConfig: String

    @Option(name: .customLong("nodeid"), help: "The local node's id (instead of finding it by name or address).")
    var nodeID: UInt32?

    func run() throws {
        do throws(ConfigError) {
            let config = try ConfigFile.load(checkConfig, nodeID: nodeID.map { NodeID($0) })
            print(CmapDump.checkConfigReport(config), terminator: "")
        } catch {
            var message = "\(error)\n"
            message.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
            throw ExitCode(error.exitStatus)
        }
    }
}
