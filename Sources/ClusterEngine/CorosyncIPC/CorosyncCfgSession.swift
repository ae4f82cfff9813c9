import ClusterIPC
import CorosyncIPC
import CorosyncIPCCodec
import Totem

/// corosync's cfg service (`@cfg`, id 1) for stock libcfg clients, the part
/// `corosync-quorumtool` and `corosync-cfgtool -s/-n/-a` use (exec/cfg.c): LOCAL_GET,
/// GET_NODE_ADDRS and NODESTATUSGET. The other requests (ring status, kill, shutdown and its
/// trackers, reload, reopen logs) are answered `CS_ERR_NOT_SUPPORTED` for now.
struct CorosyncCfgEndpoint: CorosyncService {
    let name = "cfg"
    let serviceID: Int32 = 1
    let source: any CorosyncQuorumSource
    let allows: @Sendable (_ uid: UInt32, _ gid: UInt32) -> Bool

    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission { allows(uid, gid) ? .allow : .deny }

    func open(_ connection: CorosyncConnection) -> any CorosyncSession { CorosyncCfgSession(source: source) }
}

/// One libcfg client (no state yet).
final class CorosyncCfgSession: CorosyncSession {
    let source: any CorosyncQuorumSource

    init(source: any CorosyncQuorumSource) { self.source = source }

    func receive(_ request: [UInt8]) -> CorosyncReply {
        guard let request = CfgLibRequest.decode(request) else { return .response(LibMessage.refusal()) }
        switch request {
        case .localGet:
            return .response(CfgLibResponse.localGet(source.localNodeID))
        case .getNodeAddrs(let nodeID):
            return .response(Self.nodeAddrs(source.linkAddresses(of: nodeID == 0 ? source.localNodeID : nodeID)))
        case .nodeStatusGet(let nodeID, let version):
            return .response(CfgLibResponse.nodeStatus(nodeStatus(nodeID), version: version))
        case .other(let id):
            return .response(CfgLibResponse.status(request: id, .notSupported))
        }
    }

    func close() {}

    /// How udpu reports `nodeID`: reachable when in the current ring; link 0 enabled, with the
    /// packet budget as MTU and the address as source, when the node is in the nodelist.
    func nodeStatus(_ nodeID: UInt32) -> CfgNodeStatus {
        let reachable = source.quorumStatusInfo().members.contains { $0.nodeID == nodeID }
        guard let address = source.linkAddresses(of: nodeID).first else {
            return CfgNodeStatus(nodeID: nodeID, reachable: reachable, linkEnabled: false, mtu: 0, sourceAddress: "")
        }
        return CfgNodeStatus(
            nodeID: nodeID, reachable: reachable, linkEnabled: true, mtu: source.packetBudget,
            sourceAddress: address.description)
    }

    /// GET_NODE_ADDRS's answer for `addresses` (the family is the first one's, as corosync's).
    static func nodeAddrs(_ addresses: [IPAddress]) -> [UInt8] {
        let raw = addresses.map { address -> [UInt8] in
            switch address {
            case .v4(let bytes), .v6(let bytes): bytes
            }
        }
        let family: UInt32 =
            if case .v6 = addresses.first { CfgLibResponse.familyIPv6 } else { CfgLibResponse.familyIPv4 }
        return CfgLibResponse.nodeAddrs(family: family, addresses: raw)
    }
}
