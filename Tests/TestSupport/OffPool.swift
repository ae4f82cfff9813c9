import Foundation

/// Runs blocking test work (a simulation's seconds of CPU, a child process waited for, a
/// sleep between steps) on a thread of its own.
///
/// `swift test` runs every suite in one process on the cooperative pool, which has one thread
/// per core (two on the CI machine). A test that blocks one of them for seconds starves every
/// in-process server and stream the other suites wait on; run such bodies through `offPool`.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// ``offPool(_:)`` for a body that throws: the error is rethrown to the awaiting test.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await offPool { Result { try body() } }
    return try result.get()
}
