/// How a shutdown request (``IPCRequest/shutdown(_:)``) treats objections, with corosync's
/// `corosync_cfg_shutdown_flags_t` numbers.
///
/// corosync asks the cfg clients that track shutdowns and, for ``request``, goes down only if
/// none objects; totemd has no such clients, so ``request`` and ``regardless`` both shut down
/// at once. ``immediate`` skips the question in corosync too.
public enum ShutdownFlag: UInt32, Hashable, Sendable, CaseIterable {
    /// `COROSYNC_CFG_SHUTDOWN_FLAG_REQUEST` (0): `cfgtool -H`.
    case request = 0
    /// `COROSYNC_CFG_SHUTDOWN_FLAG_REGARDLESS` (1): `cfgtool -H --force`.
    case regardless = 1
    /// `COROSYNC_CFG_SHUTDOWN_FLAG_IMMEDIATE` (2).
    case immediate = 2

    /// The flag for a received `u32`.
    /// - Throws: ``IPCError/invalidValue(field:value:)`` for a number corosync does not define.
    public static func validated(_ raw: UInt32) throws(IPCError) -> ShutdownFlag {
        guard let flag = ShutdownFlag(rawValue: raw) else { throw .invalidValue(field: "shutdownFlag", value: UInt64(raw)) }
        return flag
    }
}
