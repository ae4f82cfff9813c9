import Foundation
import Testing
import TotemRuntime

@testable import Totem

/// Hostile sizes: a nodelist longer than a ring can be, a file that is one endless line.
@Suite struct ConfigLimitsTests {
    /// A udpu file with `count` nodes at 10.x.y.z (node 1 at 127.0.0.1, this machine).
    static func nodelist(_ count: Int) -> String {
        var text = "totem {\n\tversion: 2\n\tcluster_name: big\n\ttransport: udpu\n}\nnodelist {\n"
        for id in 1...count {
            let address = id == 1 ? "127.0.0.1" : "10.\(id >> 16).\((id >> 8) & 255).\(id & 255)"
            text += "\tnode {\n\t\tring0_addr: \(address)\n\t\tnodeid: \(id)\n\t}\n"
        }
        return text + "}\nquorum {\n\tprovider: corosync_votequorum\n}\n"
    }

    @Test func aRingOf384NodesLoadsAndOneMoreIsRefusedAtThe385thNode() throws {
        #expect(try ConfigFixtures.load(Self.nodelist(384)).nodes.count == 384)
        let text = Self.nodelist(385)
        #expect {
            try ConfigFixtures.load(text)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .tooManyNodes && error.key == "nodelist.node.384"
                && error.line == ConfigFixtures.line(of: "ring0_addr: 10.0.1.129", in: text).map { $0 - 1 }
        }
    }

    /// 10,000 nodes: refused at once, and every node check is constant time (it took 44 s in a
    /// debug build when each node was compared with every earlier one).
    @Test func tenThousandNodesAreRefused() {
        #expect(throws: ConfigError.self) { try ConfigFixtures.load(Self.nodelist(10_000)) }
    }

    @Test func duplicateIDsAndAddressesAreStillFoundAmongManyNodes() {
        let sameID = Self.nodelist(300).replacingOccurrences(of: "nodeid: 299\n", with: "nodeid: 17\n")
        #expect { try ConfigFixtures.load(sameID) } throws: { ($0 as? ConfigError)?.code == .duplicateNodeID }
        let sameAddress = Self.nodelist(300).replacingOccurrences(
            of: "ring0_addr: 10.0.1.43\n", with: "ring0_addr: 10.0.0.17\n")
        #expect { try ConfigFixtures.load(sameAddress) } throws: { ($0 as? ConfigError)?.code == .duplicateAddress }
    }

    /// A file that is one line of 8 MiB: reading stops after its first 511 bytes.
    @Test func anEndlessLineIsReadOnlyUpToTheLineLimit() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("endless-\(getpid()).conf")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = "totem {\n" + String(repeating: "a", count: 8 << 20)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let read = try ConfigFile.read(url.path)
        #expect(read.count == "totem {\n".utf8.count + ConfigParser.maximumLineLength + 1)
        #expect {
            try ConfigFile.load(url.path)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .lineTooLong && error.line == 2 && "\(error)".hasSuffix("got 511 or more")
        }
    }

    /// An endless line starting with a NUL: corosync skips its first 511 bytes and refuses the
    /// next 511 as line 3; reading keeps the skipped piece as a NUL and a newline.
    @Test func anEndlessLineAfterANulIsSkippedThenRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("endless-nul-\(getpid()).conf")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Array("totem {\n\0".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 8 << 20)).write(to: url)
        let read = try ConfigFile.read(url.path)
        #expect(read.count == "totem {\n".utf8.count + 2 + ConfigParser.maximumLineLength + 1)
        #expect {
            try ConfigFile.load(url.path)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .lineTooLong && error.line == 3
        }
    }
}
