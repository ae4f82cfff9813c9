extension CMapValue {
    /// The integer value plus `step`, as corosync's `icmap_adjust_int` computes it: the step is
    /// added in the value's own width and wraps (C unsigned arithmetic on the same bits, for
    /// signed and unsigned types alike); nil for floats, strings and binaries.
    public func adjusted(by step: Int32) -> CMapValue? {
        switch self {
        case .int8(let v): .int8(v &+ Int8(truncatingIfNeeded: step))
        case .uint8(let v): .uint8(v &+ UInt8(truncatingIfNeeded: step))
        case .int16(let v): .int16(v &+ Int16(truncatingIfNeeded: step))
        case .uint16(let v): .uint16(v &+ UInt16(truncatingIfNeeded: step))
        case .int32(let v): .int32(v &+ step)
        case .uint32(let v): .uint32(v &+ UInt32(bitPattern: step))
        case .int64(let v): .int64(v &+ Int64(step))
        case .uint64(let v): .uint64(v &+ UInt64(bitPattern: Int64(step)))
        case .float, .double, .string, .binary: nil
        }
    }
}

extension CMapStore {
    /// Adds `step` to the integer value of `key` for an IPC client (corosync's cmap ADJUST_INT,
    /// `cmapctl`'s inc/dec), returning the notifications (a MODIFY unless the step is 0).
    /// - Throws: ``CMapError/readOnly(key:)`` for a client on a read-only key,
    ///   ``CMapError/notExist(key:)``, ``CMapError/notInteger(key:)``.
    @discardableResult
    public mutating func adjust(
        _ key: String, by step: Int32, access: CMapAccess = .daemon
    ) throws(CMapError)
        -> [CMapNotification]
    {
        if access == .client, CMapKey.isReadOnly(key) { throw .readOnly(key: key) }
        guard let new = try get(key).adjusted(by: step) else { throw .notInteger(key: key) }
        return try set(key, new, access: access)
    }

    /// The first key starting with `prefix` (every key for "") that comes after `after` in byte
    /// order (from the first when nil), with its value: one step of an iteration that sees the
    /// map as it is at each step, as corosync's iterators do.
    public func first(prefix: String = "", after: String? = nil) -> (key: String, value: CMapValue)? {
        guard let key = keys(prefix: prefix, after: after, limit: 1).first, let value = self[key] else { return nil }
        return (key, value)
    }
}
