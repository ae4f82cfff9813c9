#if canImport(CQB)
import CQB
import Foundation
import Glibc

/// A libqb client as stock corosync libraries are (1 MiB buffers, blocking calls), for the
/// transport's tests. Blocking: use it from `offPool`. Unchecked Sendable: a test hands it from
/// one `offPool` body to the next, never to two threads at once.
final class QBTestClient: @unchecked Sendable {
    let connection: OpaquePointer

    /// Connects to service `name`; nil with the negative errno when libqb refuses.
    static func connect(_ name: String) -> Result<QBTestClient, QBTestClientError> {
        guard let connection = qb_ipcc_connect(name, 1 << 20) else { return .failure(.connect(-errno)) }
        return .success(QBTestClient(connection))
    }

    private init(_ connection: OpaquePointer) { self.connection = connection }

    deinit { qb_ipcc_disconnect(connection) }

    /// Sends `request` and waits up to 5 s for the response; nil on an error or a timeout.
    func call(_ request: [UInt8]) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let received = request.withUnsafeBytes { bytes in
            var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
            return buffer.withUnsafeMutableBytes { out in
                qb_ipcc_sendv_recv(connection, &vector, 1, out.baseAddress, out.count, 5000)
            }
        }
        return received < 0 ? nil : Array(buffer.prefix(received))
    }

    /// The next event, waiting up to `milliseconds`; nil when none came.
    func event(waiting milliseconds: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let received = buffer.withUnsafeMutableBytes {
            qb_ipcc_event_recv(connection, $0.baseAddress, $0.count, milliseconds)
        }
        return received < 0 ? nil : Array(buffer.prefix(received))
    }

    /// Whether libqb still sees the server.
    var isConnected: Bool { qb_ipcc_is_connected(connection) != 0 }
}

/// Why a test client could not connect.
enum QBTestClientError: Error, Equatable {
    case connect(Int32)
}
#endif
