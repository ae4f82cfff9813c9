extension IPCServerSession {
    /// The message of the `CS_ERR_ACCESS` reply to a peer whose credentials are refused.
    public static let accessDeniedMessage = "permission denied: only root may use totemd's IPC"

    /// The frame a server writes, unasked, to a peer it refuses at accept before closing the
    /// connection: kind ``IPCKind/protocolError``, request id 0 (clients take id 0 as the answer
    /// to whatever they asked), and `status` with `message`. A client that sent its request
    /// before the close reads this as the reply to it, as corosync's clients get the refusal
    /// from their connect call.
    public static func refusal(_ status: IPCStatus, message: String) -> [UInt8] {
        IPCReply.failure(status, message: message).frame(requestKind: .protocolError, requestID: 0).encoded()
    }
}
