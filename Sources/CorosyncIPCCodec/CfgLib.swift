/// A request of corosync 3.1.7's libcfg (`ipc_cfg.h`, `req_lib_cfg_*`) that totemd answers
/// with data; the others (ids 0–4, 7–11) are answered by id alone.
///
/// | id | request | fields | size |
/// |----|---------|--------|------|
/// | 5 | GET_NODE_ADDRS | u32 nodeid @16 (0: this node) | 24 |
/// | 6 | LOCAL_GET | - | 16 |
/// | 9 | NODESTATUSGET | u32 nodeid @16, u32 version @24 (1: `CFG_NODE_STATUS_V1`) | 32 |
public enum CfgLibRequest: Hashable, Sendable {
    /// The addresses of `nodeID`'s links.
    case getNodeAddrs(nodeID: UInt32)
    /// This node's id.
    case localGet
    /// How this node sees `nodeID` and its links, in struct version `version`.
    case nodeStatusGet(nodeID: UInt32, version: UInt32)
    /// Another known request (ids 0–4, 7–11).
    case other(id: Int32)

    /// Decodes one request; nil for an id past cfg's handlers or a short GET_NODE_ADDRS or
    /// NODESTATUSGET.
    public static func decode(_ message: [UInt8]) -> CfgLibRequest? {
        guard let id = LibMessage.requestID(message), (0...11).contains(id) else { return nil }
        switch id {
        case 5:
            guard message.count >= 24 else { return nil }
            return .getNodeAddrs(nodeID: UInt32(bitPattern: WireReader(message).int32(at: 16)))
        case 6: return .localGet
        case 9:
            guard message.count >= 32 else { return nil }
            let reader = WireReader(message)
            return .nodeStatusGet(
                nodeID: UInt32(bitPattern: reader.int32(at: 16)), version: UInt32(bitPattern: reader.int32(at: 24)))
        default: return .other(id: id)
        }
    }
}

/// libcfg's responses (`res_lib_cfg_*`).
///
/// | id | response | fields | size |
/// |----|----------|--------|------|
/// | 11 | GET_NODE_ADDRS | u32 family @24, u32 num_addrs @28, 16 raw bytes per address @32 | 32 + 16n |
/// | 12 | LOCAL_GET | u32 local_nodeid @24 | 32 |
public enum CfgLibResponse {
    /// `AF_INET`.
    public static let familyIPv4: UInt32 = 2
    /// `AF_INET6`.
    public static let familyIPv6: UInt32 = 10

    /// LOCAL_GET's answer.
    public static func localGet(_ nodeID: UInt32) -> [UInt8] {
        var writer = LibMessage.response(id: 12, size: 32, error: .ok)
        writer.put(Int32(bitPattern: nodeID), at: 24)
        return writer.bytes
    }

    /// GET_NODE_ADDRS's answer: the family of the first address and each address's raw bytes
    /// (4 or 16), zero-padded to `TOTEMIP_ADDRLEN` (16); no address is `CS_ERR_NOT_EXIST`.
    public static func nodeAddrs(family: UInt32, addresses: [[UInt8]]) -> [UInt8] {
        var writer = LibMessage.response(
            id: 11, size: 32 + 16 * addresses.count, error: addresses.isEmpty ? .notExist : .ok)
        guard !addresses.isEmpty else { return writer.bytes }
        writer.put(Int32(bitPattern: family), at: 24)
        writer.put(Int32(addresses.count), at: 28)
        for (index, address) in addresses.enumerated() {
            writer.put(bytes: Array(address.prefix(16)), at: 32 + 16 * index)
        }
        return writer.bytes
    }

    /// The bare header with corosync's response id for request `requestID` (RINGSTATUSGET 0,
    /// RINGREENABLE 1, KILLNODE 8, TRYSHUTDOWN 9, REPLYTOSHUTDOWN 13, RELOAD_CONFIG 14,
    /// REOPEN_LOG_FILES 15, NODESTATUSGET 16, TRACKSTART 2 (STATETRACKSTART), TRACKSTOP 3).
    public static func status(request requestID: Int32, _ error: CSError) -> [UInt8] {
        let ids: [Int32] = [0, 1, 8, 9, 13, 11, 12, 14, 15, 16, 2, 3]
        let id = (0..<Int32(ids.count)).contains(requestID) ? ids[Int(requestID)] : 0
        return LibMessage.response(id: id, size: LibMessage.responseHeaderSize, error: error).bytes
    }
}
