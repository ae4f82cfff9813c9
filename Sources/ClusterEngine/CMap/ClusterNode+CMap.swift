import CMap
import Logging
import NodeCore
import Totem
import TotemRuntime

extension ClusterNode {
    /// The IPC service answering cmap calls from ``cmap``, with the stats map built from the
    /// ring's counters when read.
    var cmapService: CMapService {
        CMapService(map: cmap) { [weak self] in
            guard let self else { return [] }
            return NodeCMapKeys.stats(self.status) + NodeCMapKeys.ipcStats(self.ipcConnections.snapshot)
        }
    }

    /// Applies the node core's `runtime.*` key changes to ``cmap``, in order.
    func apply(_ updates: [CMapUpdate]) {
        for (key, error) in cmap.update(updates) {
            logger.warning(
                "service message counter not updated", metadata: ["cmap.key": "\(key)", "cmap.error": "\(error)"])
        }
    }

    /// corosync's way to cancel wait_for_all at runtime (what `pcs quorum unblock` does):
    /// setting `quorum.cancel_wait_for_all` to a non-zero value multicasts the cancellation
    /// and puts the key back to 0. The handler runs on the writer's thread: it only posts the
    /// request to the ring thread.
    func watchCancelWaitForAllKey() {
        let key = "quorum.cancel_wait_for_all"
        _ = cmap.track(key, events: [.add, .modify]) { [weak self] notification in
            guard let self, let value = notification.newValue, Self.isNonZeroInteger(value) else { return }
            try? self.cmap.set(key, .uint8(0))
            let log = self.logger
            self.runtime.post { core, now, effects in
                do throws(QuorumRequestError) {
                    effects += try core.cancelWaitForAll(now: now)
                } catch {
                    log.warning("\(key) set, but wait_for_all could not be cancelled: \(error)")
                }
            }
        }
    }

    static func isNonZeroInteger(_ value: CMapValue) -> Bool {
        switch value {
        case .int8(let v): v != 0
        case .uint8(let v): v != 0
        case .int16(let v): v != 0
        case .uint16(let v): v != 0
        case .int32(let v): v != 0
        case .uint32(let v): v != 0
        case .int64(let v): v != 0
        case .uint64(let v): v != 0
        default: false
        }
    }
}

extension CMap {
    /// Applies key changes derived by a node core, in order (trackers see each change).
    /// - Returns: the increments that failed (a key that is not an integer), with the error.
    @discardableResult
    public func update(_ updates: [CMapUpdate]) -> [(key: String, error: CMapError)] {
        var failed: [(key: String, error: CMapError)] = []
        var batch: [(key: String, value: CMapValue?)] = []
        for update in updates {
            switch update {
            case .set(let key, let value):
                batch.append((key, value))
            case .increment(let key):
                if !batch.isEmpty {
                    self.update(batch)
                    batch = []
                }
                do throws(CMapError) {
                    try increment(key)
                } catch {
                    failed.append((key, error))
                }
            }
        }
        if !batch.isEmpty { self.update(batch) }
        return failed
    }
}
