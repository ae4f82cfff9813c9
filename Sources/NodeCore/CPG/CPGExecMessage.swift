import Totem

/// The cpg service's exec messages (service 2 on group `"a"`), byte-exact with corosync 3.1.7
/// (`exec/cpg.c`, `include/corosync/ipc_cpg.h`; layouts and captures in Docs/CPG.md). Every
/// field is 8-byte aligned; stock senders leave garbage in the padding, we write zeros.
///
/// ```
/// fn 0 PROCJOIN, 1 PROCLEAVE (168): header(16) | name(136) @16 | u32 pid @152 +4 | u32 reason @160 +4
/// fn 2 JOINLIST (24 + 144·n):       response header(24: id, size, error) | n × { u32 pid +4 | name(136) }
/// fn 3 MCAST (184 + len):           header | name @16 | u32 msglen @152 +4 | u32 pid @160 +4
///                                   | source { u32 nodeid @168 +4 | u64 conn @176 } | payload @184
/// fn 5 DOWNLIST (1568):             header | u32 old_members @16 +4 | u32 left_nodes @24 +4 | u32 nodeids[384] @32
/// fn 6 PARTIAL_MCAST (200 + len):   header | name @16 | u32 msglen @152 | u32 fraglen @160 | u32 pid @168
///                                   | u32 type @176 | source @184 | fragment @200
/// ```
public enum CPGExecMessage: Hashable, Sendable {
    /// A process joined `group`.
    case procJoin(group: CPGGroupName, pid: UInt32, reason: CPGReason)
    /// A process left `group`.
    case procLeave(group: CPGGroupName, pid: UInt32, reason: CPGReason)
    /// The sender's local group members, sent in every cpg sync phase by a node that has any.
    case joinList([JoinListEntry])
    /// A message to `group` from process `pid` of the sender.
    case mcast(group: CPGGroupName, pid: UInt32, sourceNode: NodeID, payload: [UInt8])
    /// The sender's previous member count and the nodes it saw leave (sync phase).
    case downlist(oldMembers: UInt32, left: [NodeID])
    /// One fragment of a message too large for one libcpg IPC request.
    case partialMcast(group: CPGGroupName, pid: UInt32, messageLength: UInt32, type: PartialType, sourceNode: NodeID, fragment: [UInt8])

    /// One JOINLIST entry.
    public struct JoinListEntry: Hashable, Sendable {
        /// The process.
        public var pid: UInt32
        /// Its group.
        public var group: CPGGroupName
        /// Creates an entry.
        public init(pid: UInt32, group: CPGGroupName) {
            self.pid = pid
            self.group = group
        }
    }

    /// Where a PARTIAL_MCAST fragment sits (`enum lib_cpg_partial_types`).
    public enum PartialType: UInt32, Hashable, Sendable {
        /// The first fragment (carries the whole message's length in `msglen`).
        case first = 1
        /// A middle fragment.
        case continued = 2
        /// The last fragment.
        case last = 3
    }

    /// PROCJOIN / PROCLEAVE size.
    public static let procJoinSize = 168
    /// JOINLIST header size (a libqb response header).
    public static let joinListHeaderSize = 24
    /// JOINLIST entry size.
    public static let joinListEntrySize = 144
    /// MCAST header size (the payload follows).
    public static let mcastHeaderSize = 184
    /// DOWNLIST size.
    public static let downlistSize = 1568
    /// PARTIAL_MCAST header size (the fragment follows).
    public static let partialMcastHeaderSize = 200
    /// Node ids a DOWNLIST can carry (`PROCESSOR_COUNT_MAX`).
    public static let downlistCapacity = 384

    /// The encoded message, little-endian with zero padding.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: 256)
        switch self {
        case .procJoin(let group, let pid, let reason), .procLeave(let group, let pid, let reason):
            let function: UInt16 = if case .procJoin = self { 0 } else { 1 }
            ServiceHeader(service: ServiceMessages.Service.cpg, function: function, size: Int32(Self.procJoinSize)).encode(into: &writer)
            group.encode(into: &writer)
            writer.u32(pid)
            writer.zeros(4)
            writer.u32(reason.rawValue)
            writer.zeros(4)
        case .joinList(let entries):
            let size = Self.joinListHeaderSize + Self.joinListEntrySize * entries.count
            ServiceHeader(service: ServiceMessages.Service.cpg, function: 2, size: Int32(size)).encode(into: &writer)
            writer.zeros(8)  // error (corosync never sets it; receivers ignore it) and padding
            for entry in entries {
                writer.u32(entry.pid)
                writer.zeros(4)
                entry.group.encode(into: &writer)
            }
        case .mcast(let group, let pid, let source, let payload):
            ServiceHeader(service: ServiceMessages.Service.cpg, function: 3, size: Int32(Self.mcastHeaderSize + payload.count)).encode(into: &writer)
            group.encode(into: &writer)
            writer.u32(UInt32(payload.count))
            writer.zeros(4)
            writer.u32(pid)
            writer.zeros(4)
            writer.nodeID(source)
            writer.zeros(12)  // pad + the sender's opaque connection pointer
            writer.bytes(payload)
        case .downlist(let oldMembers, let left):
            ServiceHeader(service: ServiceMessages.Service.cpg, function: 5, size: Int32(Self.downlistSize)).encode(into: &writer)
            let listed = left.prefix(Self.downlistCapacity)
            writer.u32(oldMembers)
            writer.zeros(4)
            writer.u32(UInt32(listed.count))
            writer.zeros(4)
            for node in listed { writer.nodeID(node) }
            writer.zeros(4 * (Self.downlistCapacity - listed.count))
        case .partialMcast(let group, let pid, let length, let type, let source, let fragment):
            ServiceHeader(service: ServiceMessages.Service.cpg, function: 6, size: Int32(Self.partialMcastHeaderSize + fragment.count)).encode(into: &writer)
            group.encode(into: &writer)
            writer.u32(length)
            writer.zeros(4)
            writer.u32(UInt32(fragment.count))
            writer.zeros(4)
            writer.u32(pid)
            writer.zeros(4)
            writer.u32(type.rawValue)
            writer.zeros(4)
            writer.nodeID(source)
            writer.zeros(12)
            writer.bytes(fragment)
        }
        return writer.bytes
    }
}
