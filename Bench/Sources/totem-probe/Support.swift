#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// CLOCK_REALTIME, comparable across the bench's processes on one machine.
enum Clock {
    /// Nanoseconds since the epoch.
    static func realtimeNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// Whole lines to stdout, flushed at once, from any thread.
enum Output {
    private static let lock = Mutex(())

    /// Writes `text` and a newline.
    static func line(_ text: String) {
        lock.withLock { _ in
            var bytes = Array((text + "\n").utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Lines of standard input, read on a thread of their own.
enum StandardInputLines {
    /// The lines; finishes at end of input.
    static func stream() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let thread = Thread {
            while let line = readLine() { continuation.yield(line) }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}
