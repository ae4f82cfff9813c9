import CMap

/// The event a cmap tracker's connection receives (`res_lib_cmap_notify_callback`, id 9,
/// `MESSAGE_RES_CMAP_NOTIFY_CALLBACK`), 336 bytes plus the values:
///
/// `header (size = 336 + new_len + old_len, error CS_OK) | u64 track_inst_handle @24 | key @32 |
/// i32 event @296 | u8 new_value_type @304 | u8 old_value_type @312 | u64 new_value_len @320 |
/// u64 old_value_len @328 | new value @336 | old value right after it`.
///
/// A missing value (the old one of an ADD, the new one of a DELETE) is type 0, length 0.
public struct CMapLibNotification: Hashable, Sendable {
    /// `MESSAGE_RES_CMAP_NOTIFY_CALLBACK`.
    public static let id: Int32 = 9
    /// `sizeof(struct res_lib_cmap_notify_callback)`.
    public static let fixedSize = 336

    /// The client's handle for the tracker, from its TRACK_ADD.
    public var instance: UInt64
    /// The key that changed.
    public var key: String
    /// What happened: corosync's `CMAP_TRACK_ADD` 4, `MODIFY` 2 or `DELETE` 1.
    public var event: Int32
    /// The value after the change (nil for a delete).
    public var newValue: CMapValue?
    /// The value before the change (nil for an add).
    public var oldValue: CMapValue?

    /// A notification.
    public init(instance: UInt64, key: String, event: Int32, newValue: CMapValue?, oldValue: CMapValue?) {
        self.instance = instance
        self.key = key
        self.event = event
        self.newValue = newValue
        self.oldValue = oldValue
    }

    /// The event's bytes.
    public var encoded: [UInt8] {
        let new = newValue?.libBytes ?? []
        let old = oldValue?.libBytes ?? []
        var writer = LibMessage.response(id: Self.id, size: Self.fixedSize + new.count + old.count, error: .ok)
        writer.put(instance, at: 24)
        writer.put(name: key, at: 32)
        writer.put(event, at: 296)
        writer.put(newValue?.type.rawValue ?? 0, at: 304)
        writer.put(oldValue?.type.rawValue ?? 0, at: 312)
        writer.put(UInt64(new.count), at: 320)
        writer.put(UInt64(old.count), at: 328)
        writer.put(bytes: new + old, at: Self.fixedSize)
        return writer.bytes
    }
}
