import CMap
import CorosyncIPC
import CorosyncIPCCodec

/// One stock libcmap client (`corosync-cmapctl`, Pacemaker) served from the node's
/// ``CMapService``, with corosync 3.1.7's semantics (exec/cmap.c; Docs/LibQB.md): the selected
/// map, server-side iterators and trackers, each with a handle of this connection.
///
/// Confined to the libqb server's thread, but for the trackers' handlers, which run on the
/// thread that changed the map and only queue events on the connection.
final class CorosyncCMapSession: CorosyncSession {
    /// Which map the connection's requests use (`SET_CURRENT_MAP`).
    enum Map { case icmap, stats }

    /// An iteration: its prefix and the last key it returned.
    struct Iterator {
        var prefix: String
        var last: String?
    }

    /// A tracker: the store's handle and the client's own (`track_inst_handle`).
    struct Tracker {
        var storeHandle: CMapTrackHandle?
        var instance: UInt64
    }

    let service: CMapService
    let connection: CorosyncConnection
    private let onClose: () -> Void
    var map = Map.icmap
    var iterators: [UInt64: Iterator] = [:]
    var trackers: [UInt64: Tracker] = [:]
    private var lastHandle: UInt64 = 0

    init(service: CMapService, connection: CorosyncConnection, onClose: @escaping () -> Void) {
        self.service = service
        self.connection = connection
        self.onClose = onClose
    }

    func receive(_ request: [UInt8]) -> CorosyncReply {
        do throws(CMapLibDecodeError) {
            return .response(answer(try CMapLibRequest.decode(request)))
        } catch {
            return .response(LibMessage.refusal())
        }
    }

    func close() {
        for tracker in trackers.values { if let handle = tracker.storeHandle { try? service.map.untrack(handle) } }
        trackers = [:]
        iterators = [:]
        onClose()
    }

    /// The response to one decoded request.
    func answer(_ request: CMapLibRequest) -> [UInt8] {
        switch request {
        case .set(let key, let type, let value):
            return CMapLibResponse.status(CMapLibRequestID.set.rawValue, set(key, type: type, bytes: value))
        case .delete(let key):
            return CMapLibResponse.status(CMapLibRequestID.delete.rawValue, delete(key))
        case .get(let key, let bufferLength):
            return get(key, bufferLength: bufferLength)
        case .adjustInt(let key, let step):
            return CMapLibResponse.status(CMapLibRequestID.adjustInt.rawValue, adjust(key, by: step))
        case .iterInit(let prefix):
            let handle = nextHandle()
            iterators[handle] = Iterator(prefix: prefix ?? "", last: nil)
            return CMapLibResponse.iterInit(.ok, handle: handle)
        case .iterNext(let handle):
            return CMapLibResponse.iterNext(next(handle))
        case .iterFinalize(let handle):
            let error: CSError = iterators.removeValue(forKey: handle) == nil ? .badHandle : .ok
            return CMapLibResponse.status(CMapLibRequestID.iterFinalize.rawValue, error)
        case .trackAdd(let key, let trackType, let instance):
            return trackAdd(key, trackType: trackType, instance: instance)
        case .trackDelete(let handle):
            guard let tracker = trackers.removeValue(forKey: handle) else {
                return CMapLibResponse.trackDelete(.badHandle, instance: 0)
            }
            if let storeHandle = tracker.storeHandle { try? service.map.untrack(storeHandle) }
            return CMapLibResponse.trackDelete(.ok, instance: tracker.instance)
        case .setCurrentMap(let requested):
            return CMapLibResponse.status(CMapLibResponse.setCurrentMapID, setMap(requested))
        }
    }

    func nextHandle() -> UInt64 {
        lastHandle += 1
        return lastHandle
    }

    /// corosync's `map_is_key_ro` for the selected map: the client-read-only keys of the
    /// default map; every stats key but `stats.clear.*`.
    func isReadOnly(_ key: String) -> Bool {
        switch map {
        case .icmap: CMapKey.isReadOnly(key)
        case .stats: !key.hasPrefix("stats.clear.")
        }
    }
}

extension CMapError {
    /// The status corosync answers for this error.
    var csError: CSError { CSError(rawValue: Int32(code)) ?? .library }
}
