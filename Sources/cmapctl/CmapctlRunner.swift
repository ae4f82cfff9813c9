import ClusterClient
import ClusterIPC
import Glibc

/// Carries out one cmapctl action on a connected client and returns the exit status.
struct CmapctlRunner {
    let client: CMapClient
    let showBinary: Bool
    let quiet: Bool
    let json: Bool

    /// Prints every key under each prefix; 1 when none matched anything.
    func print(prefixes: [String]) -> Int32 {
        var all: [CMapEntry] = []
        for prefix in prefixes {
            do throws(TotemdClientError) {
                let entries = try client.entries(prefix: prefix)
                all += entries
                if !json { for entry in entries { output(CMapctlFormatter.line(entry.key, entry.value, showBinary: showBinary)) } }
            } catch {
                Cmapctl.writeError("Failed to initialize iteration. Error \(error.status.name)")
                return 1
            }
        }
        if json { write(CMapctlFormatter.json(all)) }
        return all.isEmpty ? 1 : 0
    }

    /// Prints each key; stops with 1 at the first that cannot be read.
    func get(_ keys: [String]) -> Int32 {
        var found: [CMapEntry] = []
        defer { if json { write(CMapctlFormatter.json(found)) } }
        for key in keys {
            do throws(TotemdClientError) {
                let value = try client.get(key)
                found.append(CMapEntry(key: key, value: value))
                if !json { output(CMapctlFormatter.line(key, value, showBinary: showBinary, quiet: quiet)) }
            } catch {
                Cmapctl.writeError("Can't get key \(key). Error \(error.status.name)")
                return 1
            }
        }
        return 0
    }

    /// `-s key type value`.
    func set(_ key: String, type: String, value text: String) -> Int32 {
        let value: IPCValue
        do throws(CMapctlValueParser.Failure) {
            var binary: [UInt8] = []
            if type == "bin" {
                guard let bytes = Self.readFile(text) else {
                    Cmapctl.writeError("Can't open input file: \(String(cString: strerror(errno)))")
                    return 1
                }
                binary = bytes
            }
            value = try CMapctlValueParser.parse(type: type, text: text, binary: binary)
        } catch {
            Cmapctl.writeError(error.message)
            return 1
        }
        do throws(TotemdClientError) {
            try client.set(key, value)
            return 0
        } catch {
            Cmapctl.writeError("Failed to set key \(key). Error \(error.status.name)")
            return 1
        }
    }

    /// `-d key...`: 1 if any delete failed.
    func delete(_ keys: [String]) -> Int32 {
        var status: Int32 = 0
        for key in keys {
            do throws(TotemdClientError) {
                try client.delete(key)
            } catch {
                Cmapctl.writeError("Can't delete key \(key). Error \(error.status.name)")
                status = 1
            }
        }
        return status
    }

    /// `-D prefix...`: errors are printed, the status stays 0 (as corosync-cmapctl).
    func deletePrefix(_ prefixes: [String]) -> Int32 {
        for prefix in prefixes {
            let keys: [CMapEntry]
            do throws(TotemdClientError) {
                keys = try client.entries(prefix: prefix)
            } catch {
                Cmapctl.writeError("Failed to initialize iteration. Error \(error.status.name)")
                return 1
            }
            _ = delete(keys.map(\.key))
        }
        return 0
    }

    /// `-p file`: `key type value` sets, `^key` deletes, `^^prefix` deletes by prefix, `#`
    /// comments. An unreadable file is reported with status 0, a line without type and value
    /// stops with 1 (the earlier lines stay applied).
    func load(_ path: String) -> Int32 {
        guard let bytes = Self.readFile(path) else {
            Cmapctl.writeError("Couldn't open file.: \(String(cString: strerror(errno)))")
            return 0
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            if first.hasPrefix("^^") {
                _ = deletePrefix([String(first.dropFirst(2))])
            } else if first.hasPrefix("^") {
                _ = delete([String(first.dropFirst())])
            } else {
                guard words.count >= 3 else {
                    Cmapctl.writeError("Both type and value for key \(first) are required")
                    return 1
                }
                let status = set(first, type: words[1], value: words[2])
                if status != 0 { return status }
            }
        }
        return 0
    }

    /// `-t`/`-T`: prints changes until "q" or EOF on stdin (or SIGINT).
    func track(_ names: [String], prefix: Bool) -> Int32 {
        for name in names {
            do throws(TotemdClientError) {
                _ = try client.track(name, events: 4 | 2 | 1 | (prefix ? 8 : 0))
            } catch {
                Cmapctl.writeError("Failed to add tracking function. Error \(error.status.name)")
                return 1
            }
        }
        output("Type \"q\" to finish")
        while true {
            if Self.stdinSaysQuit() { return 0 }
            do throws(TotemdClientError) {
                while let change = try client.nextNotification(wait: .milliseconds(200)) {
                    if json { write(CMapctlFormatter.json(change)) } else { output(CMapctlFormatter.trackLine(change, showBinary: showBinary)) }
                }
            } catch {
                Cmapctl.writeError("Dispatch error \(error.status.name)")
                return 1
            }
        }
    }

    /// True when stdin has a line starting with "q", or is at end of file.
    private static func stdinSaysQuit() -> Bool {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        guard poller.revents & Int16(POLLIN | POLLHUP) != 0 else { return poller.revents & Int16(POLLNVAL) != 0 }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        return count <= 0 || buffer[0] == UInt8(ascii: "q")
    }

    /// The bytes of `path` (`-` = stdin), or nil with errno set.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { if fd != 0 { close(fd) } }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                result += buffer[0..<count]
            } else if count == 0 {
                return result
            } else if errno != EINTR {
                return nil
            }
        }
    }

    private func output(_ line: String) { write(line + "\n") }

    /// Writes to stdout unbuffered, so a reader on a pipe sees each line at once.
    private func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if count <= 0 { return }
                offset += count
            }
        }
    }
}
