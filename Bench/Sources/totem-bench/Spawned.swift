import Foundation
import Synchronization

/// Lines a child writes to stdout, collected by a reader callback on another thread, each with
/// the CLOCK_REALTIME (ns) at which the bench read it.
final class LineBuffer: Sendable {
    private let state = Mutex<(lines: [String], stamps: [UInt64], partial: String)>(([], [], ""))

    /// Appends raw output, splitting it into lines.
    func append(_ data: Data) {
        let now = realtimeNanoseconds()
        state.withLock { state in
            state.partial += String(decoding: data, as: UTF8.self)
            while let newline = state.partial.firstIndex(of: "\n") {
                state.lines.append(String(state.partial[..<newline]))
                state.stamps.append(now)
                state.partial = String(state.partial[state.partial.index(after: newline)...])
            }
        }
    }

    /// Every complete line so far.
    var lines: [String] { state.withLock { $0.lines } }

    /// When line `index` was read (CLOCK_REALTIME ns), if it was.
    func stamp(_ index: Int) -> UInt64? { state.withLock { index < $0.stamps.count ? $0.stamps[index] : nil } }
}

/// A child process of the bench: stdin for commands, stdout as lines, stderr to a log file.
/// Registered with ``Cleanup`` so that every exit path kills it by PID.
final class Spawned {
    let label: String
    let process = Process()
    let output = LineBuffer()
    let logPath: String
    private let input = Pipe()

    /// Starts `arguments` (an absolute executable first).
    init(_ label: String, _ arguments: [String], logDirectory: String) throws {
        self.label = label
        logPath = "\(logDirectory)/\(label).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = log
        process.standardInput = input
        let buffer = output
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { buffer.append(data) }
        }
        try process.run()
        Cleanup.shared.register(pid: process.processIdentifier)
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends one command line.
    func send(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The stderr log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends `signal`; for SIGKILL and SIGTERM waits (up to 5 s, then SIGKILL) for the exit.
    func signal(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(pid, signal)
        guard signal == SIGKILL || signal == SIGTERM else { return }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        Cleanup.shared.unregister(pid: pid)
    }

    /// Waits until a stdout line satisfies `match` (searching from line `from`), or the timeout.
    func waitLine(from: Int = 0, timeout: TimeInterval, _ match: (String) -> Bool) -> String? {
        waitLineIndex(from: from, timeout: timeout, match).map { output.lines[$0] }
    }

    /// The index of the first stdout line from `from` on that satisfies `match`, waiting up to
    /// `timeout` for it.
    func waitLineIndex(from: Int = 0, timeout: TimeInterval, _ match: (String) -> Bool) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let lines = output.lines
            if lines.count > from, let hit = lines[from...].firstIndex(where: match) { return hit }
            usleep(1_000)
        } while Date() < deadline
        return nil
    }
}

/// Runs a command to completion; returns its combined output and status.
@discardableResult
func runCommand(_ arguments: [String]) -> (output: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return ("\(error)", -1) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}

/// Runs a short-lived command to completion, registered with ``Cleanup`` while it runs and
/// killed (by PID) after `timeout`; returns its exit status (nil if it had to be killed) and its
/// stdout (read after the exit: for commands that print less than a pipe holds).
func runBriefly(_ arguments: [String], timeout: TimeInterval) -> (status: Int32?, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return (nil, "\(error)") }
    let pid = process.processIdentifier
    Cleanup.shared.register(pid: pid)
    defer { Cleanup.shared.unregister(pid: pid) }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(500) }
    guard !process.isRunning else {
        kill(pid, SIGKILL)
        process.waitUntilExit()
        return (nil, "")
    }
    let output = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
    return (process.terminationStatus, output)
}

/// CLOCK_REALTIME in nanoseconds.
func realtimeNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Progress to stderr, with the time since start.
func progress(_ text: String) {
    let elapsed = Double(realtimeNanoseconds() - Cleanup.shared.started) / 1e9
    FileHandle.standardError.write(Data(String(format: "[%6.1fs] %@\n", elapsed, text).utf8))
}
