import Testing
import Totem

/// A hostile corosync.conf: its bytes, what `corosync -t` (3.1.7, measured) says of it, and
/// what we say.
struct HostileConfig: Sendable, CustomTestStringConvertible {
    /// Accepted, or refused with an error kind at a line.
    enum Verdict: Sendable, Equatable {
        case accepts
        case refuses(ConfigError.Code, line: Int)
    }

    let name: String
    let bytes: [UInt8]
    /// True when `corosync -t` exits 0 (an abort counts as a refusal).
    let corosyncAccepts: Bool
    let ours: Verdict

    var testDescription: String { name }
    /// corosync accepts it and we refuse it on purpose (README, "Compatibility").
    var isDeviation: Bool { corosyncAccepts && ours != .accepts }
}

/// The hostile files: a valid 3-node udpu file (node 1 at 127.0.0.1) changed in one place.
enum HostileConfigs {
    /// The udpu file the cases change: lines 1-8 totem (line 7 holds `totem`), 9-25 nodelist
    /// (node n from line 5n + 5, a blank line after each), 26-28 quorum, 29-32 logging, then
    /// `extra` from line 33.
    static func udpu(totem: String = "", extra: String = "") -> String {
        let nodes = (1...3).map { "  node {\n    ring0_addr: 127.0.0.\($0)\n    nodeid: \($0)\n  }\n\n" }.joined()
        return "totem {\n  version: 2\n  cluster_name: cfgtest\n  transport: udpu\n  crypto_cipher: none\n"
            + "  crypto_hash: none\n\(totem)\n}\nnodelist {\n\(nodes)}\nquorum {\n  provider: corosync_votequorum\n}\n"
            + "logging {\n  to_stderr: yes\n  to_syslog: no\n}\n\(extra)\n"
    }

    static let base = udpu()

    /// `text` with the first `old` replaced by `new`.
    static func edit(_ old: String, _ new: String, in text: String = base) -> String {
        precondition(text.contains(old), "fixture does not contain \(old)")
        return text.replacing(old, with: new, maxReplacements: 1)
    }

    /// The bytes of `text` with the first `old` replaced by `new`.
    static func edit(_ old: String, _ new: [UInt8], in text: String = base) -> [UInt8] {
        let bytes = Array(text.utf8)
        precondition(bytes.firstRange(of: Array(old.utf8)) != nil, "fixture does not contain \(old)")
        return bytes.replacing(Array(old.utf8), with: new, maxReplacements: 1)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// What the tests' machine resolves (as getaddrinfo does on Linux) and which users exist.
    static let resolver = StaticResolver([
        "127.2": ["127.0.0.2"], "0x7f.0.0.2": ["127.0.0.2"], "127.000.000.002": ["127.0.0.2"],
        "localhost": ["127.0.0.1"],
    ])
    static let machine = StaticLocalAddresses(
        nodeName: "testhost", addresses: ["127.0.0.1", "::1"], users: ["root"], groups: ["root"])

    /// Loads `bytes` as "corosync.conf" on the tests' machine.
    static func load(_ bytes: [UInt8]) throws(ConfigError) -> TotemConfig {
        try TotemConfig.load(bytes: bytes, file: "corosync.conf", resolver: resolver, localAddresses: machine)
    }

    static func ok(_ name: String, _ text: String) -> HostileConfig {
        HostileConfig(name: name, bytes: bytes(text), corosyncAccepts: true, ours: .accepts)
    }

    static func ok(_ name: String, _ bytes: [UInt8]) -> HostileConfig {
        HostileConfig(name: name, bytes: bytes, corosyncAccepts: true, ours: .accepts)
    }

    static func bad(_ name: String, _ text: String, _ code: ConfigError.Code, line: Int) -> HostileConfig {
        HostileConfig(name: name, bytes: bytes(text), corosyncAccepts: false, ours: .refuses(code, line: line))
    }

    static func bad(_ name: String, _ bytes: [UInt8], _ code: ConfigError.Code, line: Int) -> HostileConfig {
        HostileConfig(name: name, bytes: bytes, corosyncAccepts: false, ours: .refuses(code, line: line))
    }

    /// corosync accepts it, we refuse it (a documented deviation).
    static func deviation(_ name: String, _ text: String, _ code: ConfigError.Code, line: Int) -> HostileConfig {
        HostileConfig(name: name, bytes: bytes(text), corosyncAccepts: true, ours: .refuses(code, line: line))
    }

    /// Every case.
    static let all = grammar + bytesAndLines + keysAndSections + values + nodes + interfaces + logging
}
