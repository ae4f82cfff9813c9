import ClusterEngine
import Foundation
import Testing

/// The log file `cfgtool -L` reopens: after a rename, reopening creates the file at the
/// configured path again and later lines go there; when the path cannot be opened the old file
/// stays in use.
@Suite struct LogFileTests {
    static func directory() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/logfile-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func reopenAfterARenameWritesToANewFileAtThePath() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("totemd.log")
        let rotated = root.appendingPathComponent("totemd.log.1")
        try "earlier\n".write(to: path, atomically: false, encoding: .utf8)
        let file = try LogFile(path: path.path)
        file.write("first\n")
        try FileManager.default.moveItem(at: path, to: rotated)
        file.write("second\n")  // still the renamed file, as logrotate expects until postrotate
        try file.reopen()
        file.write("third\n")
        #expect(Self.read(rotated) == "earlier\nfirst\nsecond\n")
        #expect(Self.read(path) == "third\n")
    }

    @Test func aPathThatCannotBeOpenedKeepsTheOldFile() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let logs = root.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let file = try LogFile(path: logs.appendingPathComponent("totemd.log").path)
        file.write("one\n")
        let moved = root.appendingPathComponent("logs.old")
        try FileManager.default.moveItem(at: logs, to: moved)
        #expect(throws: LogFileError(path: logs.appendingPathComponent("totemd.log").path, code: ENOENT)) { try file.reopen() }
        file.write("two\n")
        #expect(Self.read(moved.appendingPathComponent("totemd.log")) == "one\ntwo\n")
        let error = LogFileError(path: "/x/y.log", code: ENOENT)
        #expect(error.description == "Can't open logfile '/x/y.log' for reason: No such file or directory (2)")
        #expect(throws: LogFileError.self) { try LogFile(path: root.appendingPathComponent("no/such/dir.log").path) }
    }
}
