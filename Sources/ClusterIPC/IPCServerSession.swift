/// The server side of one connection as a pure state machine: bytes in, actions out. The socket
/// owner performs the actions in order (answer requests, write the prepared error replies,
/// close), so every malformed-input rule is testable without a socket.
///
/// ```swift
/// var session = IPCServerSession(authorized: peerUID == 0)
/// for action in session.receive(bytes) {
///     switch action {
///     case .request(let request, let id): write(IPCReply(...).frame(requestKind: request.kind, requestID: id).encoded())
///     case .reply(let bytes): write(bytes)
///     case .close: close()
///     }
/// }
/// ```
public struct IPCServerSession: Sendable {
    /// What the connection owner must do next.
    public enum Action: Hashable, Sendable {
        /// Answer this well-formed request (with the same request id).
        case request(IPCRequest, requestID: UInt32)
        /// Write these bytes (an error reply prepared by the session).
        case reply([UInt8])
        /// Close the connection (after writing what came before).
        case close
    }

    private var decoder = IPCFrameDecoder()
    private var closed = false
    /// False when the peer's credentials were refused: every request gets `CS_ERR_ACCESS`.
    public let authorized: Bool

    /// Starts a session for a peer that is (or is not) allowed to use the calls.
    public init(authorized: Bool) { self.authorized = authorized }

    /// Handles received bytes.
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> [Action] {
        var actions: [Action] = []
        guard !closed else { return actions }
        decoder.append(bytes)
        while !closed {
            let frame: IPCFrame
            do throws(IPCError) {
                guard let next = try decoder.next() else { break }
                frame = next
            } catch {
                let id = decoder.pendingRequestID ?? 0
                actions.append(.reply(Self.errorReply(error.status, error.description, kind: .protocolError, requestID: id)))
                actions.append(.close)
                closed = true
                break
            }
            guard authorized else {
                actions.append(.reply(Self.errorReply(.access, Self.accessDeniedMessage,
                                                      kind: replyKind(frame), requestID: frame.requestID)))
                actions.append(.close)
                closed = true
                break
            }
            do throws(IPCError) {
                actions.append(.request(try IPCRequest.decode(frame), requestID: frame.requestID))
            } catch {
                actions.append(.reply(Self.errorReply(error.status, error.description, kind: replyKind(frame), requestID: frame.requestID)))
            }
        }
        return actions
    }

    /// The peer closed its side: nothing to answer, but a partial frame is reported.
    public func endOfStream() -> IPCError? {
        do throws(IPCError) {
            try decoder.finish()
            return nil
        } catch {
            return error
        }
    }

    /// Kind of the reply to `frame`: its reply kind for a version-1 request, else protocolError.
    private func replyKind(_ frame: IPCFrame) -> IPCKind {
        frame.version == IPCProtocol.version && frame.kind.isRequest ? frame.kind : .protocolError
    }

    private static func errorReply(_ status: IPCStatus, _ message: String, kind: IPCKind, requestID: UInt32) -> [UInt8] {
        IPCReply.failure(status, message: message).frame(requestKind: kind, requestID: requestID).encoded()
    }
}
