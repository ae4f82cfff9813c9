import ClusterIPC
import Testing
import Totem

@Suite struct CMapCodecTests {
    static let requests: [CMapRequest] = [
        .set(key: "test.a", value: .uint32(7)), .set(key: "test.bin", value: .binary([0, 255])),
        .delete(key: "test.a"), .get(key: "runtime.members.1.ip"), .iterate(prefix: "runtime.", after: ""),
        .iterate(prefix: "", after: "totem.version"), .trackAdd(key: "test.", events: 15), .trackDelete(handle: 42),
        .setMap(.stats),
    ]

    @Test func everyRequestRoundTrips() throws {
        for (index, request) in Self.requests.enumerated() {
            let bytes = IPCRequest.cmap(request).frame(requestID: UInt32(index + 1)).encoded()
            let frame = try IPCFrameDecoder.decodeSingle(bytes)
            #expect(frame.kind == request.kind)
            #expect(try IPCRequest.decode(frame) == .cmap(request))
        }
        #expect(CMapRequest.set(key: "a", value: .int8(1)).kind.rawValue == 0x0201)
        #expect(CMapRequest.trackAdd(key: "a", events: 4).kind.rawValue == 0x0208)
        #expect(CMapRequest.setMap(.icmap).kind.rawValue == 0x020A)
    }

    @Test func repliesRoundTrip() throws {
        let cases: [(CMapRequest, IPCReply)] = [
            (.get(key: "a.b"), .cmap(.value(.double(2.25)))),
            (.iterate(prefix: "", after: ""), .cmap(.entries([CMapEntry(key: "a.b", value: .string("x")), CMapEntry(key: "a.c", value: .uint8(1))], more: true))),
            (.trackAdd(key: "a", events: 7), .cmap(.trackHandle(9))),
            (.set(key: "a.b", value: .uint8(1)), .done),
            (.delete(key: "a.b"), .failure(.notExist, message: "key a.b does not exist")),
        ]
        for (request, reply) in cases {
            let frame = reply.frame(requestKind: request.kind, requestID: 5)
            #expect(frame.kind == request.kind.reply)
            #expect(try IPCReply.decode(frame, for: .cmap(request)) == reply)
        }
    }

    @Test func notificationsRoundTripWithMissingValues() throws {
        let changes = [
            CMapTrackNotification(handle: 3, key: "test.a", event: 4, oldValue: nil, newValue: .uint32(1)),
            CMapTrackNotification(handle: 3, key: "test.a", event: 2, oldValue: .uint32(1), newValue: .string("x")),
            CMapTrackNotification(handle: 3, key: "test.a", event: 1, oldValue: .string("x"), newValue: nil),
        ]
        for change in changes {
            let frame = change.frame(requestID: 77)
            #expect(frame.kind.rawValue == 0x4208 && frame.requestID == 77)
            #expect(try CMapTrackNotification.decode(try IPCFrameDecoder.decodeSingle(frame.encoded())) == change)
        }
        var bad = changes[0].frame(requestID: 1)
        bad.body[8 + 4 + 6] = 3
        #expect(throws: IPCError.invalidValue(field: "event", value: 3)) { try CMapTrackNotification.decode(bad) }
    }

    @Test func malformedBodiesAreRefusedWithTheirField() throws {
        func decode(_ kind: UInt16, _ body: [UInt8]) throws(IPCError) -> IPCRequest {
            try IPCRequest.decode(IPCFrame(kind: IPCKind(rawValue: kind), requestID: 1, body: body))
        }
        let key: [UInt8] = [3, 0, 0, 0, 0x61, 0x62, 0x63]
        #expect(throws: IPCError.truncated(field: "key", needed: 3, available: 1)) { try decode(0x0203, [3, 0, 0, 0, 0x61]) }
        #expect(throws: IPCError.trailingBytes(count: 1)) { try decode(0x0203, key + [0]) }
        #expect(throws: IPCError.invalidValue(field: "value.type", value: 13)) { try decode(0x0201, key + [13, 0, 0, 0, 0]) }
        #expect(throws: IPCError.invalidValue(field: "value.length", value: 2)) { try decode(0x0201, key + [6, 2, 0, 0, 0, 1, 2]) }
        #expect(throws: IPCError.invalidValue(field: "events", value: 0)) { try decode(0x0208, key + [0]) }
        #expect(throws: IPCError.invalidValue(field: "events", value: 0x14)) { try decode(0x0208, key + [0x14]) }
        #expect(throws: IPCError.invalidValue(field: "map", value: 2)) { try decode(0x020A, [2]) }
        #expect(throws: IPCError.invalidUTF8(field: "key")) { try decode(0x0202, [2, 0, 0, 0, 0xC3, 0x28]) }
        #expect(throws: IPCError.unknownKind(0x0204)) { try decode(0x0204, []) }
        let huge: [UInt8] = key + [12] + [1, 0x40, 0, 0] + [UInt8](repeating: 0, count: 16385)
        #expect(throws: IPCError.invalidValue(field: "value.length", value: 16385)) { try decode(0x0201, huge) }
    }

    /// Random and truncated frames never trap the session; each complete frame is answered.
    @Test func garbageNeverTrapsTheSession() {
        var generator = SplitMix64(seed: 0xC0FFEE)
        for round in 0..<2000 {
            var session = IPCServerSession(authorized: true)
            var bytes = IPCRequest.cmap(Self.requests[round % Self.requests.count]).frame(requestID: 1).encoded()
            let cut = Int(generator.next() % UInt64(bytes.count + 1))
            bytes = Array(bytes.prefix(cut))
            for _ in 0..<Int(generator.next() % 24) { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
            if bytes.count >= 4 { bytes[0...3] = [UInt8(bytes.count - 4), 0, 0, 0] }
            for action in session.receive(bytes) {
                switch action {
                case .request(let request, _): #expect(request.kind.isRequest)
                case .reply(let reply): #expect(!reply.isEmpty)
                case .close: break
                }
            }
            _ = session.endOfStream()
        }
    }
}

