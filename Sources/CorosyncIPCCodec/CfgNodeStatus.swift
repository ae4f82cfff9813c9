/// What NODESTATUSGET reports about one node over a udp/udpu transport (link 0 only), as
/// corosync's `totemsrp_nodestatus_get` and `totemudpu_nodestatus_get` fill it.
public struct CfgNodeStatus: Hashable, Sendable {
    /// The node asked about.
    public var nodeID: UInt32
    /// Whether it is in the current ring.
    public var reachable: Bool
    /// Whether link 0 to it is configured and up (a nodelist node while the ring is bound).
    public var linkEnabled: Bool
    /// Link 0's MTU (corosync reports the totem packet budget, 1410 for `netmtu` 1500).
    public var mtu: UInt32
    /// The node's link 0 address as text ("" for a node not in the nodelist).
    public var sourceAddress: String

    /// A status.
    public init(nodeID: UInt32, reachable: Bool, linkEnabled: Bool, mtu: UInt32, sourceAddress: String) {
        self.nodeID = nodeID
        self.reachable = reachable
        self.linkEnabled = linkEnabled
        self.mtu = mtu
        self.sourceAddress = sourceAddress
    }
}

extension CfgLibResponse {
    /// NODESTATUSGET's answer, id 16. Version 1 (`res_lib_cfg_nodestatusget_v1`, 4200 bytes):
    /// u32 version @24, u32 nodeid @28, u8 reachable @32, remote @33, external @34, onwire
    /// min/max/ver @35–37, then 8 links of 520 bytes from @40: u8 enabled @+0, connected @+1,
    /// dynconnected @+2, u32 mtu @+4, src_ipaddr[256] @+8, dst_ipaddr[256] @+264. Another
    /// version is the 32-byte `res_lib_cfg_nodestatusget_version` with `CS_ERR_NOT_SUPPORTED`.
    public static func nodeStatus(_ status: CfgNodeStatus, version: UInt32) -> [UInt8] {
        guard version == 1 else { return LibMessage.response(id: 16, size: 32, error: .notSupported).bytes }
        var writer = LibMessage.response(id: 16, size: 4200, error: .ok)
        writer.put(Int32(1), at: 24)
        writer.put(Int32(bitPattern: status.nodeID), at: 28)
        writer.put(UInt8(status.reachable ? 1 : 0), at: 32)
        writer.put(UInt8(status.linkEnabled ? 1 : 0), at: 40)
        writer.put(UInt8(status.reachable ? 1 : 0), at: 41)
        writer.put(Int32(bitPattern: status.mtu), at: 44)
        writer.put(bytes: Array(status.sourceAddress.utf8.prefix(255)), at: 48)
        return writer.bytes
    }
}
