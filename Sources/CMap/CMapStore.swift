/// Who is changing the map: the daemon may write every key, IPC clients not the read-only ones
/// (``CMapKey/isReadOnly(_:)``).
public enum CMapAccess: Hashable, Sendable {
    /// The daemon itself (configuration, runtime keys).
    case daemon
    /// An IPC client (`cmapctl -s`, an HA daemon).
    case client
}

/// corosync's cmap as a value: typed keys in byte order, prefix iteration and change tracking.
///
/// Pure (no locks, no I/O): every mutation returns the notifications it caused, one per
/// matching tracker, for the owner to deliver.
///
/// ```swift
/// var map = CMapStore()
/// let handle = map.track("test.", events: [.all, .prefix])
/// let changes = try map.set("test.a", .uint32(1))     // [create test.a (u32) = 1 for handle]
/// ```
///
/// corosync's rules: names are checked when a key is created (not when an existing key is
/// changed); setting an identical type and value changes nothing and notifies nobody; a set
/// may change a key's type (a MODIFY); values are limited to 16 KiB.
public struct CMapStore: Sendable {
    private var values: [String: CMapValue] = [:]
    /// Every key, in byte order.
    private var sortedKeys: [String] = []
    private var trackers: [CMapTrackHandle: CMapTracker] = [:]
    private var lastHandle: UInt64 = 0

    /// An empty map.
    public init() {}

    /// The number of keys.
    public var count: Int { sortedKeys.count }

    /// The value of `key`, or nil.
    public subscript(key: String) -> CMapValue? { values[key] }

    /// The value of `key`.
    /// - Throws: ``CMapError/notExist(key:)``.
    public func get(_ key: String) throws(CMapError) -> CMapValue {
        guard let value = values[key] else { throw .notExist(key: key) }
        return value
    }

    /// Creates or changes `key`, returning the notifications it caused.
    /// - Throws: ``CMapError/invalidName(key:)`` for a new key with a bad name,
    ///   ``CMapError/readOnly(key:)`` for a client writing a read-only key,
    ///   ``CMapError/valueTooLarge(key:size:)``.
    @discardableResult
    public mutating func set(
        _ key: String, _ value: CMapValue, access: CMapAccess = .daemon
    ) throws(CMapError) -> [CMapNotification] {
        let value = value.normalized
        guard value.size <= CMapValue.maximumSize else { throw .valueTooLarge(key: key, size: value.size) }
        let old = values[key]
        if old == nil, !CMapKey.isValid(key) { throw .invalidName(key: key) }
        if access == .client, CMapKey.isReadOnly(key) { throw .readOnly(key: key) }
        if let old, old.isIdentical(to: value) { return [] }
        values[key] = value
        if old == nil { sortedKeys.insert(key, at: insertionIndex(of: key)) }
        return notifications(key, old == nil ? .add : .modify, old: old, new: value)
    }

    /// Deletes `key`, returning the notifications it caused.
    /// - Throws: ``CMapError/readOnly(key:)`` for a client deleting a read-only key,
    ///   ``CMapError/notExist(key:)``.
    @discardableResult
    public mutating func delete(_ key: String, access: CMapAccess = .daemon) throws(CMapError) -> [CMapNotification] {
        if access == .client, CMapKey.isReadOnly(key) { throw .readOnly(key: key) }
        guard let old = values.removeValue(forKey: key) else { throw .notExist(key: key) }
        let index = insertionIndex(of: key)
        if index < sortedKeys.count, sortedKeys[index] == key { sortedKeys.remove(at: index) }
        return notifications(key, .delete, old: old, new: nil)
    }

    /// The keys starting with `prefix` (every key for ""), in byte order, after `after` when
    /// given (to continue an iteration where a previous page stopped), at most `limit` of them.
    public func keys(prefix: String = "", after: String? = nil, limit: Int = .max) -> [String] {
        var index = insertionIndex(of: prefix)
        if let after, CMapKey.precedes(prefix, after) || prefix == after {
            index = insertionIndex(of: after)
            if index < sortedKeys.count, sortedKeys[index] == after { index += 1 }
        }
        var result: [String] = []
        while result.count < limit, index < sortedKeys.count, sortedKeys[index].utf8.starts(with: prefix.utf8) {
            result.append(sortedKeys[index])
            index += 1
        }
        return result
    }

    /// The keys and values starting with `prefix`, in byte order.
    public func entries(prefix: String = "", after: String? = nil) -> [(key: String, value: CMapValue)] {
        keys(prefix: prefix, after: after).compactMap { key in values[key].map { (key, $0) } }
    }

    /// Registers a tracker for `name` (a single key, or a prefix when `events` contains
    /// ``CMapTrackEvents/prefix``); later changes matching it produce notifications.
    public mutating func track(_ name: String, events: CMapTrackEvents) -> CMapTrackHandle {
        lastHandle += 1
        let handle = CMapTrackHandle(rawValue: lastHandle)
        trackers[handle] = CMapTracker(name: name, events: events)
        return handle
    }

    /// Removes a tracker.
    /// - Throws: ``CMapError/badHandle(_:)`` when it is not registered.
    public mutating func untrack(_ handle: CMapTrackHandle) throws(CMapError) {
        guard trackers.removeValue(forKey: handle) != nil else { throw .badHandle(handle.rawValue) }
    }

    /// The number of registered trackers.
    public var trackerCount: Int { trackers.count }

    private func notifications(
        _ key: String, _ change: CMapChange, old: CMapValue?, new: CMapValue?
    ) -> [CMapNotification] {
        trackers.filter { $0.value.matches(key, change) }.keys.sorted { $0.rawValue < $1.rawValue }.map {
            CMapNotification(handle: $0, key: key, change: change, oldValue: old, newValue: new)
        }
    }

    /// The index of the first key not before `key` in byte order.
    private func insertionIndex(of key: String) -> Int {
        var low = 0
        var high = sortedKeys.count
        while low < high {
            let middle = (low + high) / 2
            if CMapKey.precedes(sortedKeys[middle], key) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
