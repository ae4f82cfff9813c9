extension CMapValue {
    /// The value plus one, wrapping at the type's bounds as corosync's `icmap_fast_inc` does
    /// (C integer arithmetic); nil for floats, strings and binaries.
    public var incremented: CMapValue? {
        switch self {
        case .int8(let v): .int8(v &+ 1)
        case .uint8(let v): .uint8(v &+ 1)
        case .int16(let v): .int16(v &+ 1)
        case .uint16(let v): .uint16(v &+ 1)
        case .int32(let v): .int32(v &+ 1)
        case .uint32(let v): .uint32(v &+ 1)
        case .int64(let v): .int64(v &+ 1)
        case .uint64(let v): .uint64(v &+ 1)
        case .float, .double, .string, .binary: nil
        }
    }
}

extension CMapStore {
    /// Adds one to the integer value of `key` (corosync's `icmap_fast_inc`, which the daemon
    /// uses for its `runtime.services.*` counters), returning the notifications (a MODIFY) it
    /// caused. Only the daemon increments: the key's access rules are not checked.
    /// - Throws: ``CMapError/notExist(key:)``, ``CMapError/notInteger(key:)``.
    @discardableResult
    public mutating func increment(_ key: String) throws(CMapError) -> [CMapNotification] {
        let old = try get(key)
        guard let new = old.incremented else { throw .notInteger(key: key) }
        return try set(key, new)
    }
}
