import Foundation
import Glibc
import Synchronization

/// What the fuzzer started and must remove on every exit path (normal end, error, SIGINT,
/// SIGTERM, SIGHUP): child processes, by PID, and temporary directories.
final class Cleanup: Sendable {
    /// The one registry of this process.
    static let shared = Cleanup()

    private let state = Mutex<(pids: Set<Int32>, directories: [String])>(([], []))

    /// Remembers a child.
    func register(pid: Int32) { state.withLock { _ = $0.pids.insert(pid) } }

    /// Forgets a child that has been reaped.
    func unregister(pid: Int32) { state.withLock { _ = $0.pids.remove(pid) } }

    /// Remembers a directory to remove.
    func register(directory: String) { state.withLock { $0.directories.append(directory) } }

    /// Removes the registered directories.
    func removeDirectories() {
        let directories = state.withLock { state in
            defer { state.directories = [] }
            return state.directories
        }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// SIGKILLs every registered child, waits for each briefly, and removes the directories.
    func run() {
        let pids = state.withLock { state in
            defer { state.pids = [] }
            return state.pids
        }
        for pid in pids { kill(pid, SIGKILL) }
        for pid in pids {
            var status: Int32 = 0
            for _ in 0..<200 where waitpid(pid, &status, WNOHANG) == 0 { usleep(5_000) }
        }
        removeDirectories()
    }

    /// Installs SIGINT/SIGTERM/SIGHUP handlers that clean up and exit with 128 + signal; keep
    /// the returned sources alive for as long as the handlers should work.
    func installSignalHandlers() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("\ntotem-fuzz: signal \(number), cleaning up\n".utf8))
                Cleanup.shared.run()
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }
}
