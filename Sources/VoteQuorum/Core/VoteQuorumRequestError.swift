import Totem

/// A refused local request (what `corosync-quorumtool -e/-v` reports).
public enum VoteQuorumRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The new value would be meaningless or make a quorate cluster inquorate (`CS_ERR_INVALID_PARAM`).
    case invalidParameter
    /// votequorum knows nothing about that node (`CS_ERR_NAME_NOT_FOUND`).
    case nodeNotFound(NodeID)

    /// The corosync error name.
    public var description: String {
        switch self {
        case .invalidParameter: "CS_ERR_INVALID_PARAM"
        case .nodeNotFound: "CS_ERR_NAME_NOT_FOUND"
        }
    }
}
