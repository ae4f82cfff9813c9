import Foundation
import TestSupport
import Testing
import Totem
import TotemRuntime

/// Hostile corosync.conf files (``HostileConfigs``): our verdict, error kind and line on each,
/// and, when corosync is installed, `corosync -t`'s verdict on the same bytes.
@Suite struct ConfigHostileTests {
    @Test(arguments: HostileConfigs.all)
    func ourVerdictKindAndLine(_ hostile: HostileConfig) {
        var caught: ConfigError?
        do {
            _ = try HostileConfigs.load(hostile.bytes)
        } catch {
            caught = error
        }
        switch hostile.ours {
        case .accepts:
            #expect(caught == nil, "\(hostile.name): \(caught.map { "\($0)" } ?? "")")
        case .refuses(let code, let line):
            guard let error = caught else {
                Issue.record("\(hostile.name) was accepted")
                return
            }
            #expect(error.code == code, "\(hostile.name): \(error)")
            #expect(error.line == line, "\(hostile.name): \(error)")
            #expect(Self.isPrintable(error.description), "\(hostile.name): \(error.description.debugDescription)")
        }
    }

    /// No NUL, control character, C1 control or U+FFFD (what an invalid byte would decode to).
    static func isPrintable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.value == 0xFFFD }
    }

    @Test func errorsShowBadBytesEscaped() throws {
        let byName = Dictionary(uniqueKeysWithValues: HostileConfigs.all.map { ($0.name, $0) })
        let expected = [
            "invalid-utf8-key": #"got "tok\xffen""#, "invalid-utf8-int": #"got "5000\xff""#,
            "nul-value": #"got "  cluster_name: cfg\x00test""#, "lone-cr-key": #"got "to\x0dken""#,
        ]
        for (name, text) in expected {
            let hostile = try #require(byName[name])
            #expect(throws: ConfigError.self) { try HostileConfigs.load(hostile.bytes) }
            do {
                _ = try HostileConfigs.load(hostile.bytes)
            } catch {
                #expect(error.description.hasSuffix(text), "\(name): \(error)")
            }
        }
        #expect(ConfigText.printable("a\u{202E}b\u{00A0}ö") == #"a\u{202E}b\u{A0}ö"#)
    }

    /// `totemd -t` on files whose errors hold a NUL, CRs or bytes that are not UTF-8: status 8,
    /// one printable line on standard error.
    @Test func totemdPrintsHostileErrorsPrintably() async throws {
        try await offPool {
            guard ConfigTotemdTests.totemd != nil else {
                print("ConfigHostileTests.totemdPrintsHostileErrorsPrintably skipped: totemd was not built")
                return
            }
            let names = ["nul-value", "invalid-utf8-key", "cr-only"]
            for hostile in HostileConfigs.all where names.contains(hostile.name) {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).conf")
                try Data(hostile.bytes).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let result = try ConfigTotemdTests.runTotemd(["-t", "-c", file.path, "--nodeid", "1"])
                #expect(result.status == 8, "\(hostile.name)")
                let line = String(result.error.dropLast())
                #expect(result.error.hasSuffix("\n"), "\(hostile.name)")
                #expect(Self.isPrintable(line), "\(hostile.name): \(line.debugDescription)")
            }
        }
    }

    @Test func caseNamesAreUnique() {
        let names = HostileConfigs.all.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func corosyncGivesTheSameVerdict() async throws {
        let suite = self
        try await offPool { try suite.corosyncGivesTheSameVerdictBody() }
    }

    /// Runs `corosync -t -c` on every file in a fresh network namespace (loopback up, so node 1
    /// at 127.0.0.1 is local) and compares its verdict with the fixtures' and with ours read
    /// from the same file (ConfigFile.load: this machine's resolver, addresses and users).
    func corosyncGivesTheSameVerdictBody() throws {
        if let reason = Self.skipReason() {
            print("ConfigHostileTests.corosyncGivesTheSameVerdict skipped: \(reason)")
            return
        }
        let run = ConfigCorosyncComparisonTests.run
        let namespace = "tcfg\(getpid())h"
        try #require(try run(["ip", "netns", "add", namespace]).status == 0)
        defer { _ = try? run(["ip", "netns", "del", namespace]) }
        try #require(try run(["ip", "-n", namespace, "link", "set", "lo", "up"]).status == 0)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for hostile in HostileConfigs.all {
            let file = directory.appendingPathComponent("\(hostile.name).conf")
            try Data(hostile.bytes).write(to: file)
            let mounts = "mount -t tmpfs none /run && mount -t tmpfs none /var/lib/corosync"
            let command = "\(mounts) && exec corosync -t -c '\(file.path)'"
            let status = try run(["ip", "netns", "exec", namespace, "unshare", "-m", "sh", "-c", command]).status
            let theirs = status == 0
            let ours = (try? ConfigFile.load(file.path)) != nil
            #expect(theirs == hostile.corosyncAccepts, "corosync -t on \(hostile.name): exit status \(status)")
            #expect(ours == (hostile.ours == .accepts), "totemd on \(hostile.name)")
            if !hostile.isDeviation {
                #expect(ours == theirs, "\(hostile.name): corosync -t \(theirs ? "accepts" : "refuses"), we do not")
            }
        }
    }

    static func skipReason() -> String? {
        guard getuid() == 0 else { return "not running as root" }
        for tool in ["corosync", "ip", "unshare"] where ConfigCorosyncComparisonTests.executable(tool) == nil {
            return "\(tool) not found"
        }
        return nil
    }
}
