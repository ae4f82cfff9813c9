import CorosyncIPC
import CorosyncIPCCodec
import Foundation
import Synchronization

/// A service for the transport's tests. Requests (`id`, `size`, then a u64 argument at 16):
/// id 0 echoes (response id 0, the request's bytes after the header); id 1 answers later from
/// another thread; id 2 sends `argument` events (each 1 KiB, numbered) from another thread and
/// answers at once; id 3 disconnects the client and answers; other ids get the refusal.
final class EchoService: CorosyncService {
    let name: String
    let serviceID: Int32 = 0
    /// Connections opened and sessions closed so far.
    let opened = Atomic<Int>(0)
    let closed = Atomic<Int>(0)

    init(name: String) { self.name = name }

    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission { .allow }

    func open(_ connection: CorosyncConnection) -> any CorosyncSession {
        opened.add(1, ordering: .relaxed)
        return EchoSession(connection: connection, service: self)
    }

    static func request(_ id: Int32, argument: UInt64 = 0) -> [UInt8] {
        var writer = WireWriter(size: 24)
        writer.put(id, at: 0)
        writer.put(Int32(24), at: 8)
        writer.put(argument, at: 16)
        return writer.bytes
    }

    static func event(_ number: UInt64) -> [UInt8] {
        var writer = LibMessage.response(id: 7, size: 1024, error: .ok)
        writer.put(number, at: 24)
        return writer.bytes
    }
}

final class EchoSession: CorosyncSession {
    let connection: CorosyncConnection
    let service: EchoService

    init(connection: CorosyncConnection, service: EchoService) {
        self.connection = connection
        self.service = service
    }

    func receive(_ request: [UInt8]) -> CorosyncReply {
        let reader = WireReader(request)
        let argument = request.count >= 24 ? reader.uint64(at: 16) : 0
        let connection = self.connection
        switch reader.int32(at: 0) {
        case 0:
            var response = LibMessage.response(id: 0, size: 24 + request.count - 16, error: .ok)
            response.put(bytes: Array(request[16...]), at: 24)
            return .response(response.bytes)
        case 1:
            Thread.detachNewThread {
                usleep(50_000)
                connection.respond(LibMessage.response(id: 1, size: 24, error: .ok).bytes)
            }
            return .deferred
        case 2:
            Thread.detachNewThread {
                for number in 0..<argument { connection.send(event: EchoService.event(number)) }
            }
            return .response(LibMessage.response(id: 2, size: 24, error: .ok).bytes)
        case 3:
            connection.disconnect()
            return .response(LibMessage.response(id: 3, size: 24, error: .ok).bytes)
        default:
            return .response(LibMessage.refusal())
        }
    }

    func close() { service.closed.add(1, ordering: .relaxed) }
}
