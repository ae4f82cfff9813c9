import Foundation
import Synchronization
import TestSupport

/// Runs the package's executables from tests.
enum ToolRun {
    /// What a finished tool printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to completion, capturing both streams, on a thread of its own (the
    /// wait must not hold a cooperative thread: see ``offPool(_:)``).
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Result {
        try await offPool { try runBlocking(executable, arguments) }
    }

    /// ``run(_:_:)`` on the calling thread, for code that already runs off the pool.
    static func runBlocking(_ executable: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is drained on a thread of its own: a tool that fills the stderr pipe while we
        // read stdout to its end would otherwise block both processes for good.
        let stderrBox = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrBox.withLock { $0 = data }
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderrBox.withLock { $0 }, as: UTF8.self))
    }

    /// Starts a long-running process with stdout and stderr going to `log`, and stdin read from
    /// `input` (nothing when nil).
    static func start(_ executable: URL, _ arguments: [String], log: URL, input: Pipe? = nil) throws -> Process {
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw ProcessTestError("cannot create \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `tool arguments --run-dir <dir>` for every directory until `matches(node, result)`
    /// holds for all of them; returns the outputs that did not match (empty when all did). It
    /// always checks once more after the deadline: in a CPU-starved parallel run this task may
    /// resume only after the deadline passed, while the daemons (separate processes) went on.
    static func poll(
        _ tool: URL, _ arguments: [String], directories: [Int: URL], timeout: Duration,
        matches: (Int, Result) -> Bool
    ) async throws -> [Int: String] {
        let end = ContinuousClock.now + timeout
        var unmatched: [Int: String] = [:]
        var finalCheck = false
        while !finalCheck {
            finalCheck = ContinuousClock.now >= end
            unmatched = [:]
            for (node, directory) in directories {
                let result = try await run(tool, arguments + ["--run-dir", directory.path])
                if !matches(node, result) { unmatched[node] = "rc=\(result.status)\n\(result.stdout)\(result.stderr)" }
            }
            if unmatched.isEmpty { return [:] }
            try await Task.sleep(for: .milliseconds(200))
        }
        return unmatched
    }
}
