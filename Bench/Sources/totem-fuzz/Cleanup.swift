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

    /// Makes SIGINT, SIGTERM and SIGHUP clean up and exit with 128 + signal. Call before any
    /// other thread starts: the signals are blocked in this thread (and so in every thread it
    /// starts) and taken by one thread of their own with sigwait, which then cleans up.
    func installSignalHandlers() {
        var set = Self.signalSet()
        for number in Self.signals { signal(number, SIG_DFL) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        Thread.detachNewThread {
            var set = Self.signalSet()
            var number: Int32 = 0
            guard sigwait(&set, &number) == 0 else { return }
            FileHandle.standardError.write(Data("\ntotem-fuzz: signal \(number), cleaning up\n".utf8))
            Cleanup.shared.run()
            exit(128 + number)
        }
    }

    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        return set
    }
}
