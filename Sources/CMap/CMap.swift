import Synchronization

/// A shared, thread-safe cmap with callback tracking: a ``CMapStore`` behind a lock, whose
/// trackers are handlers called (outside the lock, in change order) for every matching change.
///
/// ```swift
/// let map = CMap()
/// let handle = map.track("runtime.members.", events: [.all, .prefix]) { change in print(change.key) }
/// try map.set("runtime.members.1.status", .string("joined"))   // the handler prints the key
/// try map.untrack(handle)
/// ```
///
/// Handlers run on the thread that made the change; they must not block. A handler may change
/// the map (its own changes are delivered after the current ones).
public final class CMap: Sendable {
    /// A tracker's callback.
    public typealias Handler = @Sendable (CMapNotification) -> Void

    private struct State: ~Copyable {
        var store = CMapStore()
        var handlers: [CMapTrackHandle: Handler] = [:]
    }

    private let state = Mutex(State())

    /// An empty map.
    public init() {}

    /// A copy of the whole store (a consistent snapshot for iteration).
    public var snapshot: CMapStore { state.withLock { $0.store } }

    /// The value of `key`, or nil.
    public subscript(key: String) -> CMapValue? { state.withLock { $0.store[key] } }

    /// The value of `key`.
    /// - Throws: ``CMapError/notExist(key:)``.
    public func get(_ key: String) throws(CMapError) -> CMapValue {
        try state.withLock { state throws(CMapError) in try state.store.get(key) }
    }

    /// Creates or changes `key` (see ``CMapStore/set(_:_:access:)``) and calls the handlers.
    public func set(_ key: String, _ value: CMapValue, access: CMapAccess = .daemon) throws(CMapError) {
        let fired = try state.withLock { state throws(CMapError) in
            Self.handlers(for: try state.store.set(key, value, access: access), in: state)
        }
        for (handler, change) in fired { handler(change) }
    }

    /// Deletes `key` (see ``CMapStore/delete(_:access:)``) and calls the handlers.
    public func delete(_ key: String, access: CMapAccess = .daemon) throws(CMapError) {
        let fired = try state.withLock { state throws(CMapError) in
            Self.handlers(for: try state.store.delete(key, access: access), in: state)
        }
        for (handler, change) in fired { handler(change) }
    }

    /// Adds one to the integer value of `key` under the lock (so concurrent increments are not
    /// lost) and calls the handlers (see ``CMapStore/increment(_:)``).
    public func increment(_ key: String) throws(CMapError) {
        let fired = try state.withLock { state throws(CMapError) in
            Self.handlers(for: try state.store.increment(key), in: state)
        }
        for (handler, change) in fired { handler(change) }
    }

    /// Adds `step` to the integer value of `key` under the lock and calls the handlers (see
    /// ``CMapStore/adjust(_:by:access:)``).
    public func adjust(_ key: String, by step: Int32, access: CMapAccess = .daemon) throws(CMapError) {
        let fired = try state.withLock { state throws(CMapError) in
            Self.handlers(for: try state.store.adjust(key, by: step, access: access), in: state)
        }
        for (handler, change) in fired { handler(change) }
    }

    /// The first key under `prefix` after `after`, with its value (see
    /// ``CMapStore/first(prefix:after:)``).
    public func first(prefix: String = "", after: String? = nil) -> (key: String, value: CMapValue)? {
        state.withLock { $0.store.first(prefix: prefix, after: after) }
    }

    /// Applies several daemon changes (`nil` deletes) under one lock, then calls the handlers.
    /// Bad names and missing keys to delete are skipped.
    public func update(_ changes: [(key: String, value: CMapValue?)]) {
        let fired = state.withLock { state in
            var fired: [(Handler, CMapNotification)] = []
            for change in changes {
                let notifications: [CMapNotification]
                do throws(CMapError) {
                    if let value = change.value {
                        notifications = try state.store.set(change.key, value)
                    } else {
                        notifications = try state.store.delete(change.key)
                    }
                } catch {
                    continue
                }
                fired += Self.handlers(for: notifications, in: state)
            }
            return fired
        }
        for (handler, change) in fired { handler(change) }
    }

    /// The keys and values under `prefix`, in byte order (after `after` when given).
    public func entries(prefix: String = "", after: String? = nil) -> [(key: String, value: CMapValue)] {
        state.withLock { $0.store.entries(prefix: prefix, after: after) }
    }

    /// Registers `handler` for changes of `name` (a prefix when `events` contains
    /// ``CMapTrackEvents/prefix``).
    public func track(_ name: String, events: CMapTrackEvents, handler: @escaping Handler) -> CMapTrackHandle {
        state.withLock { state in
            let handle = state.store.track(name, events: events)
            state.handlers[handle] = handler
            return handle
        }
    }

    /// Removes a tracker; its handler is not called again.
    /// - Throws: ``CMapError/badHandle(_:)``.
    public func untrack(_ handle: CMapTrackHandle) throws(CMapError) {
        try state.withLock { state throws(CMapError) in
            try state.store.untrack(handle)
            state.handlers[handle] = nil
        }
    }

    private static func handlers(
        for notifications: [CMapNotification], in state: borrowing State
    ) -> [(Handler, CMapNotification)] {
        notifications.compactMap { change in state.handlers[change.handle].map { ($0, change) } }
    }
}
