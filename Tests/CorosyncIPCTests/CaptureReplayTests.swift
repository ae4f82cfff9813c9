import CMap
import CorosyncIPC
import CorosyncIPCCodec
import Foundation
import Testing

@testable import ClusterEngine

/// corosync-cmapctl's conversations with a stock corosync 3.1.7 (Captures/README.md), replayed
/// request by request through our session on a map holding what the stock node held: every
/// response and event must equal corosync's in every defined byte. Only padding corosync left
/// uninitialized and its random iterator and tracker handles are masked.
@Suite struct CaptureReplayTests {
    struct Line {
        var kind: Substring
        var bytes: [UInt8]
    }

    static let captures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Captures")

    static func load(_ name: String) throws -> [Line] {
        let text = try String(contentsOf: captures.appendingPathComponent("\(name).hex"), encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return Line(kind: fields[0], bytes: LibBytes.hex(fields[2]))
        }
    }

    /// Zeroes what corosync does not define: header padding, the padding after GET's and
    /// ITER_NEXT's type, the name's length padding, the notify event's padding, and handles.
    static func masked(_ bytes: [UInt8], event: Bool = false) -> [UInt8] {
        var bytes = bytes
        func zero(_ range: Range<Int>) { for index in range where index < bytes.count { bytes[index] = 0 } }
        for range in [4..<8, 12..<16, 20..<24] { zero(range) }
        let id = LibBytes.header(bytes).id
        if event {
            for range in [34..<40, 300..<304, 305..<312, 313..<320] { zero(range) }
        } else if id == 2 {
            zero(33..<40)
        } else if id == 4 || id == 7 {
            zero(24..<32)
        } else if id == 5 {
            zero(26..<32)
            zero(297..<304)
        }
        return bytes
    }

    /// A map as the stock node's, as far as these runs read it.
    static func service() -> CMapService {
        let map = CMap()
        try? map.set("totem.cluster_name", .string("qbcap"))
        return CMapService(map: map) { [] }
    }

    static func session(_ service: CMapService, id: UInt64 = 1) -> CorosyncCMapSession {
        let connection = CorosyncConnection.unattached(id: id, peer: CorosyncPeer(pid: 1, uid: 0, gid: 0))
        return CorosyncCMapSession(service: service, connection: connection) {}
    }

    /// Replays one capture's requests; returns the events the session queued.
    @discardableResult
    static func replay(_ lines: [Line], on session: CorosyncCMapSession, name: String) -> [[UInt8]] {
        var handles: [[UInt8]: [UInt8]] = [:]  // stock handle bytes -> ours
        var pending: [UInt8]?
        var compared = 0
        defer { #expect(compared == lines.filter { $0.kind == "RES" }.count, "\(name): responses compared") }
        for line in lines {
            switch line.kind {
            case "REQ":
                var request = line.bytes
                let id = LibBytes.header(request).id
                if [5, 6, 8].contains(id), request.count >= 24, let ours = handles[Array(request[16..<24])] {
                    request.replaceSubrange(16..<24, with: ours)
                }
                guard case .response(let response) = session.receive(request) else {
                    Issue.record("\(name): no response to request \(id)")
                    return []
                }
                pending = response
            case "RES":
                guard let response = pending else { continue }
                pending = nil
                compared += 1
                #expect(
                    masked(response) == masked(line.bytes), "\(name): response differs\n\(response)\n\(line.bytes)")
                let id = LibBytes.header(line.bytes).id
                if id == 4 || id == 7, line.bytes.count == 32, response.count == 32 {
                    handles[Array(line.bytes[24..<32])] = Array(response[24..<32])
                }
            default:
                continue
            }
        }
        return session.connection.queuedEvents()
    }

    @Test func cmapctlRunsAnswerAsCorosyncDid() throws {
        let service = Self.service()
        let runs = [
            "get-string", "set-u32", "get-u32", "set-i8", "dump-prefix", "delete", "delete-missing", "set-read-only",
        ]
        for (index, name) in runs.enumerated() {
            Self.replay(try Self.load(name), on: Self.session(service, id: UInt64(index + 1)), name: name)
        }
        #expect(service.map.entries(prefix: "test.").map(\.key) == ["test.i"])
    }

    @Test func prefixTrackerGetsCorosyncsEvents() throws {
        let service = Self.service()
        let lines = try Self.load("track-prefix")
        let tracker = Self.session(service)
        Self.replay(lines, on: tracker, name: "track-prefix")
        let setter = Self.session(service, id: 2)
        for request in [
            LibBytes.set("test.x", type: 11, value: Array("hello".utf8)),
            LibBytes.set("test.x", type: 11, value: Array("bye".utf8)),
            LibBytes.delete("test.x"),
        ] {
            _ = setter.receive(request)
        }
        let events = tracker.connection.queuedEvents()
        let expected = lines.filter { $0.kind == "EVT" }.map(\.bytes)
        #expect(events.count == expected.count)
        for (ours, stock) in zip(events, expected) {
            #expect(
                Self.masked(ours, event: true) == Self.masked(stock, event: true), "event differs\n\(ours)\n\(stock)")
        }
    }

    @Test func edgeCasesAnswerAsCorosyncDid() throws {
        Self.replay(try Self.load("edge-cases"), on: Self.session(Self.service()), name: "edge-cases")
    }
}
