#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The state a ``TotemRing`` shares between its loop thread and its callers: a command queue
/// with a self-pipe to wake the loop, and the latest status snapshot.
final class RingShared: Sendable {
    /// The pipe's read end, polled by the loop.
    let wakeFD: Int32
    let wakeWriteFD: Int32
    let commands = Mutex<[RingCommand]>([])
    let status: Mutex<TotemRingStatus>

    init(status: TotemRingStatus) throws(SocketError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SocketError(operation: "pipe", code: errno) }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = ends[0]
        wakeWriteFD = ends[1]
        self.status = Mutex(status)
    }

    deinit {
        close(wakeFD)
        close(wakeWriteFD)
    }

    /// Queues a command and wakes the loop.
    func post(_ command: RingCommand) {
        commands.withLock { $0.append(command) }
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1)
    }

    /// Takes every queued command.
    func takeCommands() -> [RingCommand] {
        commands.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }

    /// Empties the wake pipe.
    func drainWake() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &scratch, scratch.count) > 0 {}
    }
}
