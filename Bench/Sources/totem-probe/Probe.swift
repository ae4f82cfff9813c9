import ArgumentParser
import Foundation
import Totem
import TotemRuntime

/// `totem-probe`: one bench node. Runs a ``TotemRing`` from a corosync.conf and speaks a line
/// protocol on stdin/stdout (the same as `Bench/c/cpg_load.c` speaks for corosync):
///
/// ```
/// stdout  memb REALTIME_NS 1,2,3         every regular configuration, when it is delivered
/// stdin   load SIZE RATE GUARANTEE START_NS DURATION_MS WARMUP_MS
/// stdout  result DELIVERED SENT QUEUEFULL FIRST_NS LAST_NS / lat K ns... / end   once drained
/// stdin   quit                           leave the ring and exit
/// ```
@main
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totem-probe", abstract: "One totem node for totem-bench, driven by lines on stdin.")

    @Option(name: .customShort("c"), help: "The corosync.conf to run.")
    var config: String

    @Option(name: .customLong("nodeid"), help: "This node's id.")
    var nodeID: UInt32

    func run() async throws {
        let loaded = try ConfigFile.load(config, nodeID: NodeID(nodeID))
        let ring = try TotemRing(options: TotemRingOptions(config: loaded, stateDirectory: nil))
        try ring.start()
        let recorder = LoadRecorder()
        let commands = StandardInputLines.stream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in ring.events {
                    switch event {
                    case .configuration(let change) where change.kind == .regular:
                        let members = change.members.map { "\($0.rawValue)" }.joined(separator: ",")
                        Output.line("memb \(Clock.realtimeNanoseconds()) \(members)")
                    case .configuration:
                        break
                    case .delivered(let message):
                        recorder.delivered(message.payload, at: Clock.realtimeNanoseconds())
                    case .stopped:
                        return
                    }
                }
            }
            for await line in commands {
                if line.hasPrefix("quit") { break }
                if let load = LoadCommand(line) {
                    recorder.reset(load)
                    group.addTask {
                        await LoadGenerator(ring: ring, load: load, recorder: recorder, node: nodeID).run()
                    }
                }
            }
            await ring.leave()
            group.cancelAll()
        }
    }
}
