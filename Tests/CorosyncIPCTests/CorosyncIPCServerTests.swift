#if canImport(CQB)
import CorosyncIPC
import CorosyncIPCCodec
import Glibc
import Logging
import Synchronization
import TestSupport
import Testing

/// The libqb transport with a test service on a name of its own (abstract, in the test's
/// network namespace), and libqb's own client: the accept gate, replies now and later, refusals
/// of sizes libqb hands over unchecked, events beyond a full ring, disconnects, a taken name,
/// and a stop with clients connected.
@Suite(.serialized) struct CorosyncIPCServerTests {
    static let counter = Mutex(0)

    /// A fresh service name for this process.
    static func uniqueName() -> String {
        "totemd-test-\(getpid())-\(counter.withLock { $0 += 1; return $0 })"
    }

    static func connect(_ name: String) -> QBTestClient? { try? QBTestClient.connect(name).get() }

    @Test func clientsWaitForTheGateThenGetRepliesAndRefusals() async throws {
        let service = EchoService(name: Self.uniqueName())
        let server = CorosyncIPCServer(services: [service], logger: Logger(label: "test"))
        #expect(await server.start() == [])
        let early = await offPool { QBTestClient.connect(service.name) }
        #expect(throws: QBTestClientError.connect(-EAGAIN)) { try early.get() }
        server.acceptConnections()
        let replies = await offPool { () -> [[UInt8]?] in
            guard let client = Self.connect(service.name) else { return [] }
            var header = EchoService.request(9)
            header.replaceSubrange(8..<12, with: [8, 0, 0, 0])
            var huge = EchoService.request(0)
            huge.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x7F])
            return [
                client.call(EchoService.request(0, argument: 42)), client.call(EchoService.request(1)),
                client.call(header), client.call(huge), client.call(EchoService.request(-5)),
                client.call(EchoService.request(0, argument: 43)),
            ]
        }
        #expect(replies.count == 6)
        #expect(replies.first.flatMap { $0.map { WireReader($0).uint64(at: 24) } } == 42)
        #expect(replies.dropFirst().first == LibMessage.response(id: 1, size: 24, error: .ok).bytes)
        for refused in replies.dropFirst(2).prefix(3) { #expect(refused == LibMessage.refusal()) }
        #expect(replies.last.flatMap { $0.map { WireReader($0).uint64(at: 24) } } == 43)
        await server.stop()
        #expect(service.opened.load(ordering: .relaxed) == 1 && service.closed.load(ordering: .relaxed) == 1)
    }

    @Test func rateLimitOffMakesClientsTryAgain() async throws {
        let service = EchoService(name: Self.uniqueName())
        let server = CorosyncIPCServer(services: [service], logger: Logger(label: "test"))
        #expect(await server.start() == [])
        server.acceptConnections()
        guard let client = await offPool({ Self.connect(service.name) }) else {
            Issue.record("no connection")
            return
        }
        server.setRateLimit(.off)
        // The limit is applied on the server's thread; a request sent before it would be
        // answered, one sent after is refused by the client library itself.
        let held = await offPool { () -> Bool in
            usleep(100_000)
            for _ in 0..<100 {
                if client.call(EchoService.request(0)) == nil { return true }
                usleep(10_000)
            }
            return false
        }
        #expect(held, "sends still pass with flow control on")
        server.setRateLimit(.normal, service: service.name)
        let passes = await offPool { () -> Bool in
            for _ in 0..<100 {
                if client.call(EchoService.request(0)) != nil { return true }
                usleep(10_000)
            }
            return false
        }
        #expect(passes, "sends still refused after flow control was lifted")
        await server.stop()
    }

    @Test func eventsBeyondAFullRingArriveInOrder() async throws {
        let service = EchoService(name: Self.uniqueName())
        let server = CorosyncIPCServer(services: [service], logger: Logger(label: "test"))
        #expect(await server.start() == [])
        server.acceptConnections()
        // 4,000 events of 1 KiB: four times the client's 1 MiB event ring, sent while the client
        // reads nothing for 300 ms.
        let numbers = await offPool { () -> [UInt64] in
            guard let client = Self.connect(service.name), client.call(EchoService.request(2, argument: 4000)) != nil
            else { return [] }
            usleep(300_000)
            var numbers: [UInt64] = []
            while let event = client.event(waiting: numbers.isEmpty ? 2000 : 300) {
                numbers.append(WireReader(event).uint64(at: 24))
            }
            return numbers
        }
        #expect(numbers == Array(0..<4000))
        await server.stop()
    }

    @Test func aSessionCanDisconnectItsClientAndStopDisconnectsTheRest() async throws {
        let service = EchoService(name: Self.uniqueName())
        let server = CorosyncIPCServer(services: [service], logger: Logger(label: "test"))
        #expect(await server.start() == [])
        server.acceptConnections()
        let afterDisconnect = await offPool { () -> [UInt8]? in
            guard let client = Self.connect(service.name), client.call(EchoService.request(3)) != nil else {
                return [0]
            }
            usleep(100_000)
            return client.call(EchoService.request(0))
        }
        #expect(afterDisconnect == nil)
        let held = await offPool { Self.connect(service.name) }
        #expect(held != nil)
        await server.stop()
        #expect(service.opened.load(ordering: .relaxed) == 2 && service.closed.load(ordering: .relaxed) == 2)
        let afterStop = await offPool { held?.call(EchoService.request(0)) }
        #expect(afterStop == nil)
        let gone = await offPool { QBTestClient.connect(service.name) }
        #expect((try? gone.get()) == nil)
    }

    @Test func aTakenNameIsReportedAndTheOtherServicesServe() async throws {
        let first = EchoService(name: Self.uniqueName())
        let server = CorosyncIPCServer(services: [first], logger: Logger(label: "test"))
        #expect(await server.start() == [])
        let other = EchoService(name: Self.uniqueName())
        let second = CorosyncIPCServer(services: [first, other], logger: Logger(label: "test"))
        #expect(await second.start() == [CorosyncServiceFailure(service: first.name, reason: .nameTaken)])
        second.acceptConnections()
        server.acceptConnections()
        let answers = await offPool { () -> [Bool] in
            [first.name, other.name].map { Self.connect($0)?.call(EchoService.request(0)) != nil }
        }
        #expect(answers == [true, true])
        await second.stop()
        await server.stop()
        // A server whose every name is taken has already ended; stop is harmless.
        let third = CorosyncIPCServer(services: [], logger: Logger(label: "test"))
        #expect(await third.start() == [])
        await third.stop()
    }
}
#endif
