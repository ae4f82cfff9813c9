import Totem

/// A closed process group's name as corosync carries it (`mar_cpg_name_t`, 136 bytes on the
/// wire): 1 to 128 bytes, compared byte for byte (length and content), not NUL-terminated.
///
/// ```
/// +0 u32 length   +4 pad(4)   +8 char value[128] (unused bytes: garbage on stock senders, zeros from us)
/// ```
public struct CPGGroupName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Encoded size of `mar_cpg_name_t`.
    public static let encodedSize = 136
    /// Longest name corosync accepts (`CPG_MAX_NAME_LENGTH`).
    public static let maxLength = 128

    /// The name's bytes.
    public let bytes: [UInt8]

    /// A name from raw bytes.
    /// - Throws: ``CPGError/invalidGroupName(_:)`` when empty or longer than 128 bytes.
    public init(bytes: [UInt8]) throws(CPGError) {
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else {
            throw .invalidGroupName("\(bytes.count) bytes (1...\(Self.maxLength) allowed)")
        }
        self.bytes = bytes
    }

    /// A name from a string's UTF-8 bytes.
    /// - Throws: ``CPGError/invalidGroupName(_:)`` when empty or longer than 128 bytes.
    public init(_ name: String) throws(CPGError) {
        try self.init(bytes: Array(name.utf8))
    }

    /// The name as text (invalid UTF-8 replaced).
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// Orders by bytes (lexicographic), as a stable order for lists.
    public static func < (lhs: CPGGroupName, rhs: CPGGroupName) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Appends the 136-byte `mar_cpg_name_t`.
    func encode(into writer: inout WireWriter) {
        writer.u32(UInt32(bytes.count))
        writer.zeros(4)
        writer.bytes(bytes)
        writer.zeros(Self.maxLength - bytes.count)
    }

    /// Reads a 136-byte `mar_cpg_name_t`; a length over 128 or of 0 is malformed.
    static func decode(_ reader: inout WireReader) throws(WireError) -> CPGGroupName {
        let length = try reader.u32()
        try reader.skip(4)
        let value = try reader.bytes(maxLength)
        guard length >= 1, length <= UInt32(maxLength) else {
            throw .invalidField(field: "cpg_name.length", value: Int64(length))
        }
        return CPGGroupName(unchecked: Array(value.prefix(Int(length))))
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// One process in a group: the node it runs on and its process id.
public struct CPGAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The node.
    public var nodeID: NodeID
    /// The process id on that node (what libcpg sends: `getpid()`).
    public var pid: UInt32

    /// Creates an address.
    public init(nodeID: NodeID, pid: UInt32) {
        self.nodeID = nodeID
        self.pid = pid
    }

    /// corosync's order of group members: by node id, then pid.
    public static func < (lhs: CPGAddress, rhs: CPGAddress) -> Bool {
        (lhs.nodeID.rawValue, lhs.pid) < (rhs.nodeID.rawValue, rhs.pid)
    }

    /// `2/4711`.
    public var description: String { "\(nodeID)/\(pid)" }
}

/// Why a process joined or left a group (`enum lib_cpg_confchg_reason`, values as on the wire).
public enum CPGReason: UInt32, Hashable, Sendable {
    /// It called join.
    case join = 1
    /// It called leave.
    case leave = 2
    /// Its node left the totem membership.
    case nodeDown = 3
    /// Its node (re)joined the membership and announced it in a JOINLIST.
    case nodeUp = 4
    /// Its process ended (or its node stopped announcing it).
    case processDown = 5
}

/// Errors of the closed-process-group API.
public enum CPGError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The group name is empty or longer than 128 bytes.
    case invalidGroupName(String)
    /// This process (pid) already joined this group on this node (corosync: CS_ERR_EXIST).
    case alreadyJoined(group: String, pid: UInt32)
    /// This process is not a member of the group (corosync: CS_ERR_NOT_EXIST), or it is leaving.
    case notJoined(group: String, pid: UInt32)
    /// The join is still in progress; leave once it completed (corosync: CS_ERR_BUSY).
    case busy(group: String, pid: UInt32)
    /// The payload is larger than one ring message can carry (``CPGService/maxPayloadSize``).
    case messageTooLarge(size: Int, limit: Int)
    /// The node could not queue the message.
    case ringUnavailable(String)
    /// Too many of this node's messages wait for the ring: try again later (corosync:
    /// CS_ERR_TRY_AGAIN).
    case tryAgain

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidGroupName(let why): "invalid CPG group name: \(why)"
        case .alreadyJoined(let group, let pid): "pid \(pid) already joined group \(group)"
        case .notJoined(let group, let pid): "pid \(pid) is not a member of group \(group)"
        case .busy(let group, let pid): "pid \(pid) is still joining group \(group)"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes is over the limit of \(limit)"
        case .ringUnavailable(let why): "cannot multicast: \(why)"
        case .tryAgain: "too many messages wait for the ring; try again"
        }
    }
}
