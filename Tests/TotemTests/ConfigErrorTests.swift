import Testing
import Totem

/// One broken configuration: a base file changed in one place.
struct BrokenConfig: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let code: ConfigError.Code
    /// Text of the line the error must point at.
    let marker: String
    let key: String?
    var nodeID: NodeID? = nil
    /// Which line containing `marker` (1-based; -1 = the last).
    var occurrence = 1

    var testDescription: String { name }

    static func totem(
        _ name: String, _ line: String, _ code: ConfigError.Code, key: String?, nodes: Int = 2
    ) -> BrokenConfig {
        BrokenConfig(
            name: name, text: ConfigFixtures.udpu(nodes: nodes, totem: "  " + line), code: code, marker: line,
            key: key)
    }

    static func replacing(
        _ name: String, _ old: String, _ new: String, _ code: ConfigError.Code, key: String?,
        marker: String? = nil, occurrence: Int = 1
    ) -> BrokenConfig {
        let text = ConfigFixtures.udpu(nodes: 2).replacingFirst(old, with: new)
        return BrokenConfig(
            name: name, text: text, code: code, marker: marker ?? new, key: key, occurrence: occurrence)
    }
}

extension String {
    func replacingFirst(_ old: String, with new: String) -> String {
        guard let range = range(of: old) else { return self }
        return replacingCharacters(in: range, with: new)
    }

    /// Standard-library-only `range(of:)` for the fixtures.
    func range(of needle: String) -> Range<String.Index>? { firstRange(of: needle) }

    func replacingCharacters(in range: Range<String.Index>, with text: String) -> String {
        String(self[..<range.lowerBound]) + text + String(self[range.upperBound...])
    }
}

@Suite struct ConfigErrorTests {
    /// Each case has its own error kind.
    static let cases: [BrokenConfig] = [
        .totem("version 3", "version: 3", .unsupportedVersion, key: "totem.version"),
        .totem("unknown transport", "transport: tcp", .invalidTransport, key: "totem.transport"),
        .totem("knet transport", "transport: knet", .unsupportedTransport, key: "totem.transport"),
        .totem("cipher", "crypto_cipher: aes256", .unsupportedCrypto, key: "totem.crypto_cipher"),
        .totem("unknown cipher", "crypto_cipher: des", .invalidCrypto, key: "totem.crypto_cipher"),
        .totem("ip_version", "ip_version: ipv5", .invalidIPVersion, key: "totem.ip_version"),
        .totem("token too small", "token: 10", .timerTooSmall, key: "totem.token"),
        .totem("token_warning", "token_warning: 150", .tokenWarningRange, key: "totem.token_warning"),
        .totem("token not a number", "token: fast", .integerRange, key: "totem.token"),
        BrokenConfig(
            name: "ttl on udpu", text: ConfigFixtures.udpu(nodes: 2, totem: "  interface {\n    ttl: 5\n  }"),
            code: .badInterface, marker: "ttl: 5", key: "totem.interface.0.ttl"),
        .replacing(
            "duplicate nodeid", "nodeid: 2", "nodeid: 1", .duplicateNodeID, key: "nodelist.node.1.nodeid",
            marker: "nodeid: 1", occurrence: -1),
        .replacing(
            "duplicate address", "ring0_addr: 127.0.0.2", "ring0_addr: 127.0.0.1", .duplicateAddress,
            key: "nodelist.node.1.ring0_addr", marker: "ring0_addr: 127.0.0.1", occurrence: -1),
        .replacing(
            "IPv6 without nodeid", "ring0_addr: 127.0.0.2\n    nodeid: 2", "ring0_addr: fe80::2",
            .nodeIDRequired, key: "nodelist.node.1.ring0_addr"),
        .replacing(
            "mixed families", "ring0_addr: 127.0.0.2", "ring0_addr: fe80::2", .mixedAddressFamilies,
            key: "nodelist.node.1.ring0_addr"),
        .replacing(
            "no local node", "ring0_addr: 127.0.0.1", "ring0_addr: 10.99.0.1", .noLocalNode,
            key: "nodelist", marker: "nodelist {"),
        .replacing(
            "unresolvable name", "ring0_addr: 127.0.0.2", "ring0_addr: nosuchhost", .unresolvableAddress,
            key: "nodelist.node.1.ring0_addr"),
        .totem("key with a space", "my key: 1", .invalidKeyName, key: "totem.my key"),
        BrokenConfig(
            name: "unknown --nodeid", text: ConfigFixtures.udpu(nodes: 2), code: .unknownLocalNodeID,
            marker: "nodelist {", key: "nodelist", nodeID: 9),
        .replacing("debug maybe", "to_stderr: yes", "debug: maybe", .invalidLoggingValue, key: "logging.debug"),
        .replacing(
            "missing brace", "}\nquorum", "quorum", .missingClosingBrace, key: "nodelist",
            marker: "<last>"),
        .replacing(
            "logger_subsys without subsys", "to_syslog: no", "logger_subsys {\n    debug: on\n  }",
            .missingSubsys, key: "logging.logger_subsys", marker: "  }", occurrence: -1),
    ]

    @Test(arguments: cases)
    func brokenConfigurationIsRefusedAtItsLine(_ broken: BrokenConfig) throws {
        var caught: ConfigError?
        do {
            _ = try ConfigFixtures.load(broken.text, nodeID: broken.nodeID)
        } catch {
            caught = error
        }
        let error = try #require(caught, "\(broken.name) was accepted")
        #expect(error.code == broken.code, "\(error)")
        #expect(error.key == broken.key, "\(error)")
        #expect(error.file == "corosync.conf")
        #expect(error.line == expectedLine(broken), "\(error)")
        #expect(error.exitStatus == (broken.code == .invalidLoggingValue ? 7 : 8))
        #expect(error.description.hasPrefix("corosync.conf:\(error.line): "))
    }

    /// The line the error must name: the `occurrence`-th line containing the marker
    /// (1-based; -1 = the last one), or the file's last line for the marker "<last>".
    private func expectedLine(_ broken: BrokenConfig) -> Int? {
        var lines = broken.text.split(separator: "\n", omittingEmptySubsequences: false)
        if broken.text.hasSuffix("\n") { lines.removeLast() }
        if broken.marker == "<last>" { return lines.count }
        let matches = lines.indices.filter { lines[$0].contains(broken.marker) }.map { $0 + 1 }
        if broken.occurrence == -1 { return matches.last }
        return matches.count >= broken.occurrence ? matches[broken.occurrence - 1] : nil
    }

    @Test func everyCaseHasItsOwnErrorKind() {
        let codes = Self.cases.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.count >= 10)
    }

    @Test func tokenTooSmallAfterDefaultsMentionsTheEffectiveValue() {
        #expect(throws: ConfigError.self) {
            try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 2, totem: "  consensus: 40\n  join: 50"))
        }
        do {
            _ = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 2, totem: "  consensus: 40\n  join: 50"))
        } catch {
            #expect(error.code == .timerTooSmall)
            #expect(error.key == "totem.consensus")
            #expect(error.value == "40")
            #expect(error.description.contains("not less than the join timeout (50 ms)"))
        }
    }

    @Test func derivedRetransmitBelowMinimumBlamesTokenSettings() {
        do {
            _ = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 2, totem: "  token: 100"))
            Issue.record("token 100 gives token_retransmit 23 and must be refused")
        } catch {
            #expect(error.code == .timerTooSmall)
            #expect(error.key == "totem.token")
            #expect(error.description.contains("derived: 23 ms"))
        }
    }

    @Test func fileWideErrorsNameTheNodelistSection() {
        let text = ConfigFixtures.udpu(nodes: 2)
        do {
            let elsewhere = StaticLocalAddresses(nodeName: "elsewhere", addresses: ["192.0.2.7"])
            _ = try ConfigFixtures.load(text, local: elsewhere)
            Issue.record("no local node must be refused")
        } catch {
            #expect(error.code == .noLocalNode)
            #expect(error.line == ConfigFixtures.line(of: "nodelist {", in: text))
            #expect(error.description.contains("192.0.2.7"))
            #expect(error.value == "elsewhere")
        }
    }
}
