/// A node's state in votequorum's node table (`VOTEQUORUM_NODESTATE_*`).
public enum NodeState: UInt32, Hashable, Sendable {
    /// Its NODEINFO was processed and it is in the current membership as far as we know.
    case member = 1
    /// It was in the previous membership and is not in the current one.
    case dead = 2
    /// It announced a clean shutdown (allow_downscale).
    case leaving = 3
}
