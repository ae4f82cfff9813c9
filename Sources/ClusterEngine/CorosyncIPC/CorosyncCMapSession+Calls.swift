import CMap
import CorosyncIPC
import CorosyncIPCCodec

extension CorosyncCMapSession {
    /// SET: read-only keys first (`CS_ERR_ACCESS`), then the value's length rules, then the
    /// store. In the stats map only `stats.clear.*` is written, whatever the value.
    func set(_ key: String, type: UInt8, bytes: [UInt8]) -> CSError {
        guard !isReadOnly(key) else { return .access }
        do throws(CMapError) {
            switch map {
            case .stats:
                // corosync compares each clear key's length only (strncmp): `stats.clear.allX`
                // clears all.
                let clears = Self.clearKeys.filter { key.hasPrefix($0) }
                guard !clears.isEmpty else { return .notSupported }
                for clear in clears { try service.clearStats(clear) }
            case .icmap:
                guard let value = CMapValue(libType: type, bytes: bytes) else { return .invalidParam }
                try service.map.set(key, value, access: .client)
            }
            return .ok
        } catch {
            return error.csError
        }
    }

    /// The stats map's writable keys, as corosync's `stats_map_set` tests them.
    static let clearKeys = [
        "stats.clear.knet", "stats.clear.ipc", "stats.clear.totem", "stats.clear.schedmiss", "stats.clear.all",
    ]

    /// DELETE: `CS_ERR_ACCESS` for read-only keys, `CS_ERR_NOT_EXIST`; the stats map deletes
    /// nothing (`CS_ERR_NOT_SUPPORTED`).
    func delete(_ key: String) -> CSError {
        guard !isReadOnly(key) else { return .access }
        guard map == .icmap else { return .notSupported }
        do throws(CMapError) {
            try service.map.delete(key, access: .client)
            return .ok
        } catch {
            return error.csError
        }
    }

    /// GET: the response is as long as the client's buffer (`40 + value_len`), `value_len` set
    /// to the value's real length; a buffer too small for the value is `CS_ERR_INVALID_PARAM`, one
    /// larger than the connection's messages `CS_ERR_NO_MEMORY` (corosync could not send it).
    func get(_ key: String, bufferLength: UInt64) -> [UInt8] {
        guard bufferLength <= UInt64(connection.maximumMessageSize - 40) else {
            return CMapLibResponse.get(.failure(CSErrorBox(.noMemory)), bufferLength: 0)
        }
        let length = Int(bufferLength)
        let value = map == .icmap ? service.map[key] : service.statsEntries().first { $0.key == key }?.value
        guard let value else { return CMapLibResponse.get(.failure(CSErrorBox(.notExist)), bufferLength: 0) }
        if length > 0, length < value.libLength {
            return CMapLibResponse.get(.failure(CSErrorBox(.invalidParam)), bufferLength: 0)
        }
        return CMapLibResponse.get(.success(value), bufferLength: length)
    }

    /// ADJUST_INT: a signed step on any integer type; the stats map adjusts nothing.
    func adjust(_ key: String, by step: Int32) -> CSError {
        guard !isReadOnly(key) else { return .access }
        guard map == .icmap else { return .notSupported }
        do throws(CMapError) {
            try service.map.adjust(key, by: step, access: .client)
            return .ok
        } catch {
            return error.csError
        }
    }

    /// ITER_NEXT: the next key under the iterator's prefix as the map is now;
    /// `CS_ERR_NO_SECTIONS` past the last, `CS_ERR_BAD_HANDLE` for an unknown iterator.
    func next(_ handle: UInt64) -> Result<(key: String, value: CMapValue), CSErrorBox> {
        guard var iterator = iterators[handle] else { return .failure(CSErrorBox(.badHandle)) }
        let entry: (key: String, value: CMapValue)?
        switch map {
        case .icmap:
            entry = service.map.first(prefix: iterator.prefix, after: iterator.last)
        case .stats:
            entry = service.statsEntries().first { entry in
                entry.key.hasPrefix(iterator.prefix) && iterator.last.map { CMapKey.precedes($0, entry.key) } != false
            }
        }
        guard let entry else { return .failure(CSErrorBox(.noSections)) }
        iterator.last = entry.key
        iterators[handle] = iterator
        return .success(entry)
    }

    /// TRACK_ADD: unknown event bits are `CS_ERR_INVALID_PARAM`. Each matching change of the
    /// default map is sent as a NOTIFY_CALLBACK event carrying the client's `instance`. The stats
    /// map takes a prefix tracker only for both ADD and DELETE (else `CS_ERR_NOT_SUPPORTED`) and
    /// its keys never come or go here, so its trackers stay silent.
    func trackAdd(_ key: String?, trackType: Int32, instance: UInt64) -> [UInt8] {
        let prefix = CMapTrackEvents.prefix.rawValue
        let known = Int32(CMapTrackEvents.all.rawValue | prefix)
        var storeHandle: CMapTrackHandle?
        switch map {
        case .icmap:
            guard trackType & ~known == 0 else { return CMapLibResponse.trackAdd(.invalidParam, handle: 0) }
            let connection = self.connection
            storeHandle = service.map.track(key ?? "", events: CMapTrackEvents(rawValue: UInt8(trackType))) { change in
                let event = CMapLibNotification(
                    instance: instance, key: change.key, event: Int32(change.change.rawValue),
                    newValue: change.newValue, oldValue: change.oldValue)
                connection.send(event: event.encoded)
            }
        case .stats:
            let both = Int32(CMapTrackEvents([.add, .delete]).rawValue)
            if trackType & Int32(prefix) != 0, trackType & both != both {
                return CMapLibResponse.trackAdd(.notSupported, handle: 0)
            }
        }
        let handle = nextHandle()
        trackers[handle] = Tracker(storeHandle: storeHandle, instance: instance)
        return CMapLibResponse.trackAdd(.ok, handle: handle)
    }

    /// SET_CURRENT_MAP: `CS_ERR_BUSY` while iterators or trackers are open, `CS_ERR_NOT_EXIST`
    /// for a map other than 0 (default) and 1 (stats).
    func setMap(_ requested: Int32) -> CSError {
        guard iterators.isEmpty, trackers.isEmpty else { return .busy }
        switch requested {
        case 0: map = .icmap
        case 1: map = .stats
        default: return .notExist
        }
        return .ok
    }
}
