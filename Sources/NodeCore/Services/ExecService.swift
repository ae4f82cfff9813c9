import CMap
import Totem

/// A corosync service engine this node runs, with corosync 3.1.7's id, name and number of
/// exec (totem-delivered) functions (Docs/ServicesWire.md §3).
///
/// Stock corosync always loads cmap, cfg, cpg, pload, mon, wd and quorum, and votequorum when
/// `quorum.provider` is `corosync_votequorum`. This node runs cmap (sync phase, IPC), cfg
/// (KILLNODE, SHUTDOWN, RELOAD_CONFIG, IPC), cpg (sync phase, groups), quorum (sync barrier,
/// IPC) and votequorum; it runs no pload, mon or wd, so it does not list them.
public struct ExecService: Hashable, Sendable {
    /// The service id (the upper 16 bits of a service message's id).
    public let id: UInt16
    /// corosync's configuration name, e.g. `corosync_cmap`.
    public let name: String
    /// How many exec functions the service has; a delivered message with a higher function
    /// number is dropped by a stock receiver (and not counted).
    public let execFunctionCount: UInt16

    /// The name after the last `_` (`cmap`), as in `runtime.services.<shortName>.*`.
    public var shortName: String { name.split(separator: "_").last.map(String.init) ?? name }

    /// cmap [0]: MCAST.
    public static let cmap = ExecService(id: 0, name: "corosync_cmap", execFunctionCount: 1)
    /// cfg [1]: RINGREENABLE, KILLNODE, SHUTDOWN, RELOAD_CONFIG, CRYPTO_RECONFIG.
    public static let cfg = ExecService(id: 1, name: "corosync_cfg", execFunctionCount: 5)
    /// cpg [2]: PROCJOIN, PROCLEAVE, JOINLIST, MCAST, DOWNLIST_OLD, DOWNLIST, PARTIAL_MCAST.
    public static let cpg = ExecService(id: 2, name: "corosync_cpg", execFunctionCount: 7)
    /// quorum [3]: no exec functions (only its sync barrier).
    public static let quorum = ExecService(id: 3, name: "corosync_quorum", execFunctionCount: 0)
    /// votequorum [5]: NODEINFO, RECONFIGURE, QDEVICE_REG, QDEVICE_RECONFIGURE.
    public static let votequorum = ExecService(id: 5, name: "corosync_votequorum", execFunctionCount: 4)

    /// The services a node runs, by id: votequorum only with `voteQuorum` (the provider).
    public static func loaded(voteQuorum: Bool) -> [ExecService] {
        voteQuorum ? [cmap, cfg, cpg, quorum, votequorum] : [cmap, cfg, cpg, quorum]
    }
}

/// The cmap keys that describe a node's services and count their exec messages, as corosync
/// 3.1.7 keeps them (Docs/ServicesWire.md §2.2, §9.5):
///
/// ```
/// internal_configuration.service.<id>.name (str) = corosync_<name>
/// internal_configuration.service.<id>.ver (u32) = 0
/// runtime.services.<name>.service_id (u16) = <id>
/// runtime.services.<name>.<fn>.rx (u64)     delivered messages of that function, own ones included
/// runtime.services.<name>.<fn>.tx (u64)     messages of that function this node multicast
/// ```
///
/// Only messages of the services group (`"a"`) count, never sync messages; a message of a
/// service not run here, or a function number the service does not have, is counted nowhere
/// (a stock receiver drops it).
public struct ExecServiceCounters: Sendable {
    /// Which way a message went.
    public enum Direction: Sendable {
        /// Delivered by the ring (`rx`).
        case received
        /// Multicast by this node (`tx`).
        case sent
    }

    /// The services counted.
    public let services: [ExecService]
    private let keys: [UInt32: (rx: String, tx: String)]

    /// Counters for `services`.
    public init(services: [ExecService]) {
        self.services = services
        var keys: [UInt32: (rx: String, tx: String)] = [:]
        for service in services {
            for function in 0..<service.execFunctionCount {
                let prefix = "runtime.services.\(service.shortName).\(function)."
                keys[UInt32(service.id) << 16 | UInt32(function)] = (prefix + "rx", prefix + "tx")
            }
        }
        self.keys = keys
    }

    /// Every key with its starting value (counters at 0), to publish when the node starts.
    public var initialKeys: [(key: String, value: CMapValue)] {
        var result: [(key: String, value: CMapValue)] = []
        for service in services {
            result.append(("internal_configuration.service.\(service.id).name", .string(service.name)))
            result.append(("internal_configuration.service.\(service.id).ver", .uint32(0)))
            result.append(("runtime.services.\(service.shortName).service_id", .uint16(service.id)))
            for function in 0..<service.execFunctionCount {
                result.append(("runtime.services.\(service.shortName).\(function).rx", .uint64(0)))
                result.append(("runtime.services.\(service.shortName).\(function).tx", .uint64(0)))
            }
        }
        return result
    }

    /// The counter a service message (starting with its 16-byte header) adds to, or nil when it
    /// counts nowhere (too short, a service not run here, an unknown function).
    public func key(for payload: [UInt8], _ direction: Direction) -> String? {
        guard let header = try? ServiceHeader.decode(payload), let pair = keys[UInt32(bitPattern: header.id)] else {
            return nil
        }
        switch direction {
        case .received: return pair.rx
        case .sent: return pair.tx
        }
    }
}

extension EngineCore {
    /// The services this engine runs (votequorum when it has a votequorum core).
    public var services: [ExecService] { ExecService.loaded(voteQuorum: quorum != nil) }
}
