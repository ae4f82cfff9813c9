/// One frame: header fields and body (see ``IPCProtocol`` for the layout).
public struct IPCFrame: Hashable, Sendable {
    /// Protocol version (``IPCProtocol/version`` for frames this library builds).
    public var version: UInt16
    /// What the body is.
    public var kind: IPCKind
    /// Chosen by the client; the reply carries the same id. Notifications carry the id of the
    /// request that subscribed to them.
    public var requestID: UInt32
    /// The kind-specific body.
    public var body: [UInt8]

    /// Creates a frame.
    public init(version: UInt16 = IPCProtocol.version, kind: IPCKind, requestID: UInt32, body: [UInt8] = []) {
        self.version = version
        self.kind = kind
        self.requestID = requestID
        self.body = body
    }

    /// The frame's bytes: length, version, kind, request id, body.
    public func encoded() -> [UInt8] {
        var writer = IPCWriter()
        writer.u32(IPCProtocol.lengthOverhead + UInt32(body.count))
        writer.u16(version)
        writer.u16(kind.rawValue)
        writer.u32(requestID)
        var bytes = writer.bytes
        bytes.append(contentsOf: body)
        return bytes
    }
}
