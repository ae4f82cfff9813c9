/// The identity of one ring configuration: the representative that created it and a sequence
/// number that only grows (12 packed bytes on the wire: `u32 rep`, `u64 seq`).
///
/// Two ring ids are equal iff both fields are equal. Corosync prints a ring id as `rep.seq` with
/// both in hex (`1.d` is rep 1, seq 13), and so does ``description``.
public struct RingID: Hashable, Sendable, CustomStringConvertible {
    /// Node id of the representative that built the commit token for this ring.
    public var rep: NodeID
    /// Ring sequence number; every new ring takes a seq greater than every member's last one.
    public var seq: UInt64

    /// Creates a ring id.
    public init(rep: NodeID, seq: UInt64) {
        self.rep = rep
        self.seq = seq
    }

    /// The all-zero ring id (an unfilled commit-token entry carries it).
    public static let zero = RingID(rep: 0, seq: 0)

    /// Encoded size in bytes.
    public static let wireSize = 12

    /// `rep.seq` in hex, as corosync logs and tools print it.
    public var description: String {
        String(rep.rawValue, radix: 16) + "." + String(seq, radix: 16)
    }
}

extension WireReader {
    /// Reads a 12-byte ring id.
    public mutating func ringID() throws(WireError) -> RingID {
        let rep = try u32()
        let seq = try u64()
        return RingID(rep: NodeID(rep), seq: seq)
    }

    /// Reads a node id.
    public mutating func nodeID() throws(WireError) -> NodeID { NodeID(try u32()) }
}

extension WireWriter {
    /// Writes a 12-byte ring id.
    public mutating func ringID(_ id: RingID) {
        u32(id.rep.rawValue)
        u64(id.seq)
    }

    /// Writes a node id.
    public mutating func nodeID(_ id: NodeID) { u32(id.rawValue) }
}
