import Foundation

/// Runs CPU-bound simulation work (seconds of it) on a thread of its own, so that it never
/// holds one of the few cooperative threads that other suites' servers (the in-process IPC
/// server tests) need to answer their clients while `swift test` runs suites in parallel.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
