/// Which changes a tracker wants, with corosync's bit values (`CMAP_TRACK_*`).
public struct CMapTrackEvents: OptionSet, Hashable, Sendable {
    /// The raw mask as on the wire.
    public var rawValue: UInt8
    /// Creates a mask.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A key was deleted (1).
    public static let delete = CMapTrackEvents(rawValue: 1)
    /// A key's value or type changed (2).
    public static let modify = CMapTrackEvents(rawValue: 2)
    /// A key was created (4).
    public static let add = CMapTrackEvents(rawValue: 4)
    /// The tracked name is a prefix, not a single key (8).
    public static let prefix = CMapTrackEvents(rawValue: 8)
    /// Add, modify and delete.
    public static let all: CMapTrackEvents = [.add, .modify, .delete]
}

/// What happened to a key.
public enum CMapChange: UInt8, Hashable, Sendable {
    /// The key was deleted (corosync's `CMAP_TRACK_DELETE`, 1).
    case delete = 1
    /// The key's value or type changed (`CMAP_TRACK_MODIFY`, 2).
    case modify = 2
    /// The key was created (`CMAP_TRACK_ADD`, 4).
    case add = 4

    /// The event bit that selects this change.
    public var event: CMapTrackEvents { CMapTrackEvents(rawValue: rawValue) }
}

/// Identifies one tracker of a store.
public struct CMapTrackHandle: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The handle's number (never 0).
    public var rawValue: UInt64
    /// Wraps a number.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The number.
    public var description: String { String(rawValue) }
}

/// One change delivered to one tracker: the key, what happened, the value before (nil for an
/// add) and after (nil for a delete).
public struct CMapNotification: Hashable, Sendable {
    /// The tracker it is for.
    public var handle: CMapTrackHandle
    /// The key that changed.
    public var key: String
    /// What happened.
    public var change: CMapChange
    /// The value before the change; nil when the key was created.
    public var oldValue: CMapValue?
    /// The value after the change; nil when the key was deleted.
    public var newValue: CMapValue?

    /// Creates a notification.
    public init(handle: CMapTrackHandle, key: String, change: CMapChange, oldValue: CMapValue?, newValue: CMapValue?) {
        self.handle = handle
        self.key = key
        self.change = change
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// A registered tracker: a key (or a prefix) and the events it wants.
struct CMapTracker: Hashable, Sendable {
    var name: String
    var events: CMapTrackEvents

    func matches(_ key: String, _ change: CMapChange) -> Bool {
        guard events.contains(change.event) else { return false }
        return events.contains(.prefix) ? key.utf8.starts(with: name.utf8) : key == name
    }
}
