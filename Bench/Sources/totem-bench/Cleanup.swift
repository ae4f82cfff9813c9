import Foundation
import Synchronization

/// Everything the bench started that must go away on every exit path (normal end, error,
/// SIGINT/SIGTERM): child processes by PID and network namespaces by name.
final class Cleanup: Sendable {
    /// The one registry of this process.
    static let shared = Cleanup()

    /// When the bench started (CLOCK_REALTIME ns), for progress lines.
    let started = realtimeNanoseconds()
    private let state = Mutex<(pids: Set<Int32>, namespaces: [String], stopped: [Int32])>(([], [], []))

    /// Remembers a child.
    func register(pid: Int32) { state.withLock { _ = $0.pids.insert(pid) } }

    /// Forgets a child that has exited.
    func unregister(pid: Int32) { state.withLock { _ = $0.pids.remove(pid) } }

    /// Remembers a namespace (deleted last).
    func register(namespace: String) { state.withLock { $0.namespaces.append(namespace) } }

    /// Kills every registered child (SIGCONT first, for stopped ones) and deletes the namespaces.
    func run() {
        let (pids, namespaces) = state.withLock { state in
            defer { state = ([], [], []) }
            return (state.pids, state.namespaces)
        }
        for pid in pids {
            kill(pid, SIGKILL)
            kill(pid, SIGCONT)
        }
        for pid in pids {
            var status: Int32 = 0
            for _ in 0..<200 where waitpid(pid, &status, WNOHANG) == 0 { usleep(5_000) }
        }
        for name in namespaces.reversed() { runCommand(["/usr/sbin/ip", "netns", "del", name]) }
    }

    /// Installs SIGINT/SIGTERM/SIGHUP handlers that clean up and exit with 128 + signal; keep the
    /// returned sources alive for as long as the handlers should work.
    func installSignalHandlers() -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("\ntotem-bench: signal \(number), cleaning up\n".utf8))
                Cleanup.shared.run()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
        return sources
    }
}
