/// A change pushed to a tracking client (kind `0x4208`, carrying the request id of the
/// track-add that registered the tracker).
///
/// Body: `u64 track handle | string key | u8 event (ADD 4, MODIFY 2, DELETE 1) | optional
/// old value | optional new value`, where an optional value is a `value` whose type 0 (with
/// length 0) means "none" (the key did not exist before, or no longer exists).
public struct CMapTrackNotification: Hashable, Sendable {
    /// The handle the track-add reply returned.
    public var handle: UInt64
    /// The key that changed.
    public var key: String
    /// What happened: 4 add, 2 modify, 1 delete (corosync's `CMAP_TRACK_*`).
    public var event: UInt8
    /// The value before; nil for an add.
    public var oldValue: IPCValue?
    /// The value after; nil for a delete.
    public var newValue: IPCValue?

    /// Creates a notification.
    public init(handle: UInt64, key: String, event: UInt8, oldValue: IPCValue?, newValue: IPCValue?) {
        self.handle = handle
        self.key = key
        self.event = event
        self.oldValue = oldValue
        self.newValue = newValue
    }

    /// The notification frame for the tracker registered by request `requestID`.
    public func frame(requestID: UInt32) -> IPCFrame {
        var writer = IPCWriter()
        writer.u64(handle)
        writer.string(key)
        writer.u8(event)
        Self.write(oldValue, &writer)
        Self.write(newValue, &writer)
        return IPCFrame(kind: .cmapTrackNotification, requestID: requestID, body: writer.bytes)
    }

    /// Interprets a received notification frame.
    /// - Throws: ``IPCError/unknownKind(_:)`` for another kind, or a body error.
    public static func decode(_ frame: IPCFrame) throws(IPCError) -> CMapTrackNotification {
        guard frame.version == IPCProtocol.version else { throw .unsupportedVersion(frame.version) }
        guard frame.kind == .cmapTrackNotification else { throw .unknownKind(frame.kind.rawValue) }
        var reader = IPCReader(frame.body)
        let handle = try reader.u64("handle")
        let key = try reader.string("key")
        let event = try reader.u8("event")
        guard [1, 2, 4].contains(event) else { throw .invalidValue(field: "event", value: UInt64(event)) }
        let notification = CMapTrackNotification(
            handle: handle, key: key, event: event, oldValue: try read(&reader, "oldValue"), newValue: try read(&reader, "newValue"))
        try reader.finish()
        return notification
    }

    private static func write(_ value: IPCValue?, _ writer: inout IPCWriter) {
        if let value {
            writer.value(value)
        } else {
            writer.u8(0)
            writer.u32(0)
        }
    }

    private static func read(_ reader: inout IPCReader, _ field: String) throws(IPCError) -> IPCValue? {
        var peek = reader
        if try peek.u8(field + ".type") == 0 {
            let length = try peek.u32(field + ".length")
            guard length == 0 else { throw .invalidValue(field: field + ".length", value: UInt64(length)) }
            reader = peek
            return nil
        }
        return try reader.value(field)
    }
}
