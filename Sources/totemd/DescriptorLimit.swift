import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Raises the soft limit on open descriptors (RLIMIT_NOFILE) to the hard limit, at most
/// 65 536, so that a burst of IPC clients does not exhaust totemd's descriptors at the usual
/// soft default of 1024. Safe: totemd waits with epoll (NIO) and its own poll(2) calls, never
/// select(2), and spawns no children that could inherit the raised limit. corosync does not do
/// this; the IPC caps (IPCServerConfiguration) are the real protection, this is headroom.
enum DescriptorLimit {
    /// The most the soft limit is raised to.
    static let ceiling: rlim_t = 65_536

    /// Raises the soft limit; logs (debug) what it did, and never fails the start.
    static func raise(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, ceiling)
        guard limit.rlim_cur < wanted else { return }
        let before = limit.rlim_cur
        limit.rlim_cur = wanted
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            logger.debug("open file limit raised from \(before) to \(wanted)")
        }
    }
}
