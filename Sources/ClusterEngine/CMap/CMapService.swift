import CMap
import ClusterIPC
import Synchronization

/// The cmap IPC service of a node: answers cmap calls from a node's ``CMap`` (and, for the
/// stats map, from counters built on demand) and decides which peers may connect.
///
/// Access (corosync's `cs_ipcs_connection_accept`): uid 0 or gid 0, or a uid/gid with
/// `uidgid.uid.<uid>`, `uidgid.config.uid.<uid>`, `uidgid.gid.<gid>` or
/// `uidgid.config.gid.<gid>` set to u8 1 in the map (the `config` ones come from corosync.conf's
/// `uidgid` sections; the others may be set at runtime).
public final class CMapService: Sendable {
    /// The node's map.
    public let map: CMap
    private let stats: @Sendable () -> [(key: String, value: CMapValue)]
    /// The u64 counters as they were when last cleared (`stats.clear.*`); reads subtract them.
    private let baseline = Mutex<[String: UInt64]>([:])

    /// A service for `map`; `stats` builds the stats map when a client reads it.
    public init(map: CMap, stats: @escaping @Sendable () -> [(key: String, value: CMapValue)]) {
        self.map = map
        self.stats = stats
    }

    /// True when a peer with these credentials may use the IPC socket.
    public func allows(uid: UInt32, gid: UInt32) -> Bool {
        if uid == 0 || gid == 0 { return true }
        let keys = ["uidgid.uid.\(uid)", "uidgid.config.uid.\(uid)", "uidgid.gid.\(gid)", "uidgid.config.gid.\(gid)"]
        return keys.contains { map[$0] == .uint8(1) }
    }

    /// State for one client connection; `push` writes a notification frame to it (from any
    /// thread). Call ``CMapConnection/close()`` when the connection ends.
    public func connect(push: @escaping @Sendable (IPCFrame) -> Void) -> CMapConnection {
        CMapConnection(service: self, push: push)
    }

    /// The stats map's entries, in key order, counted from the last clear.
    func statsEntries() -> [(key: String, value: CMapValue)] {
        let base = baseline.withLock { $0 }
        return stats().map { entry in
            guard case .uint64(let value) = entry.value, let start = base[entry.key] else { return entry }
            return (entry.key, .uint64(value >= start ? value - start : value))
        }.sorted { CMapKey.precedes($0.key, $1.key) }
    }

    /// A write to the stats map: only corosync's `stats.clear.{totem,knet,ipc,schedmiss,all}`
    /// keys are writable. `totem` restarts the `stats.srp.*` counters from zero, `ipc`
    /// `stats.ipcs.global.closed` (corosync zeroes `active` too, which then wraps when a client
    /// leaves; a count of open connections is not a counter, so it stays), `all` both; `knet`
    /// and `schedmiss` have nothing to clear here.
    func clearStats(_ key: String) throws(CMapError) {
        let cleared: (String) -> Bool
        switch key {
        case "stats.clear.totem": cleared = Self.isTotemCounter
        case "stats.clear.ipc": cleared = Self.isIPCCounter
        case "stats.clear.all": cleared = { Self.isTotemCounter($0) || Self.isIPCCounter($0) }
        case "stats.clear.knet", "stats.clear.schedmiss": return
        default: throw .notSupported("set in the stats map (only stats.clear.* keys)")
        }
        let current = stats().compactMap { entry -> (String, UInt64)? in
            guard cleared(entry.key), case .uint64(let value) = entry.value else { return nil }
            return (entry.key, value)
        }
        baseline.withLock { $0.merge(current) { $1 } }
    }

    private static func isTotemCounter(_ key: String) -> Bool { key.hasPrefix("stats.srp.") }
    private static func isIPCCounter(_ key: String) -> Bool { key == "stats.ipcs.global.closed" }

    /// The largest iteration page, in encoded bytes (well under the 1 MiB frame limit).
    static let pageBytes = 256 * 1024
}

/// One client's view of the cmap service: its selected map and its trackers (removed when the
/// connection closes).
public final class CMapConnection: Sendable {
    private struct State {
        var map: CMapMap = .icmap
        var trackers: Set<CMapTrackHandle> = []
        var closed = false
    }

    private let service: CMapService
    private let push: @Sendable (IPCFrame) -> Void
    private let state = Mutex(State())

    init(service: CMapService, push: @escaping @Sendable (IPCFrame) -> Void) {
        self.service = service
        self.push = push
    }

    /// Answers one cmap call of this connection (request id `requestID`).
    public func answer(_ request: CMapRequest, requestID: UInt32) -> IPCReply {
        let selected = state.withLock { $0.map }
        do throws(CMapError) {
            switch request {
            case .setMap(let map):
                state.withLock { $0.map = map }
                return .done
            case .get(let key):
                if selected == .stats {
                    guard let entry = service.statsEntries().first(where: { $0.key == key }) else { throw .notExist(key: key) }
                    return .cmap(.value(entry.value))
                }
                return .cmap(.value(try service.map.get(key)))
            case .iterate(let prefix, let after):
                let entries = selected == .stats
                    ? service.statsEntries().filter { $0.key.hasPrefix(prefix) && (after.isEmpty || CMapKey.precedes(after, $0.key)) }
                    : service.map.entries(prefix: prefix, after: after.isEmpty ? nil : after)
                return .cmap(Self.page(entries))
            case .set(let key, let value):
                guard selected == .icmap else {
                    try service.clearStats(key)
                    return .done
                }
                try service.map.set(key, value, access: .client)
                return .done
            case .delete(let key):
                guard selected == .icmap else { throw .notSupported("delete in the stats map") }
                try service.map.delete(key, access: .client)
                return .done
            case .trackAdd(let key, let events):
                guard selected == .icmap else { throw .notSupported("tracking in the stats map") }
                return .cmap(.trackHandle(track(key, events: CMapTrackEvents(rawValue: events), requestID: requestID).rawValue))
            case .trackDelete(let raw):
                let handle = CMapTrackHandle(rawValue: raw)
                guard state.withLock({ $0.trackers.remove(handle) != nil }) else { throw .badHandle(raw) }
                try service.map.untrack(handle)
                return .done
            }
        } catch {
            return .failure(IPCStatus(rawValue: error.code), message: error.description)
        }
    }

    /// Removes the connection's trackers.
    public func close() {
        let handles = state.withLock { state in
            state.closed = true
            defer { state.trackers = [] }
            return state.trackers
        }
        for handle in handles { try? service.map.untrack(handle) }
    }

    private func track(_ key: String, events: CMapTrackEvents, requestID: UInt32) -> CMapTrackHandle {
        let push = self.push
        let handle = service.map.track(key, events: events) { change in
            let notification = CMapTrackNotification(
                handle: change.handle.rawValue, key: change.key, event: change.change.rawValue,
                oldValue: change.oldValue, newValue: change.newValue)
            push(notification.frame(requestID: requestID))
        }
        let closed = state.withLock { state in
            if !state.closed { state.trackers.insert(handle) }
            return state.closed
        }
        if closed { try? service.map.untrack(handle) }
        return handle
    }

    /// One page of entries: as many as fit in ``CMapService/pageBytes``.
    private static func page(_ entries: [(key: String, value: CMapValue)]) -> CMapReply {
        var page: [CMapEntry] = []
        var bytes = 0
        for entry in entries {
            let size = 9 + entry.key.utf8.count + entry.value.size
            if !page.isEmpty, bytes + size > CMapService.pageBytes { return .entries(page, more: true) }
            page.append(CMapEntry(key: entry.key, value: entry.value))
            bytes += size
        }
        return .entries(page, more: false)
    }
}
