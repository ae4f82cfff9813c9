import Foundation

/// Runs the package's executables from tests.
enum ToolRun {
    /// What a finished tool printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to completion, capturing both streams.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts a long-running process with stdout and stderr going to `log`, and stdin read from
    /// `input` (nothing when nil).
    static func start(_ executable: URL, _ arguments: [String], log: URL, input: Pipe? = nil) throws -> Process {
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw ProcessTestError("cannot create \(log.path)") }
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
}
