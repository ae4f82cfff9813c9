import Glibc

/// What `quorumtool` was asked to do, after `corosync-quorumtool`'s validation of its numbers
/// (`strtol` with base 0, so `0x10` and `010` are accepted; a value without digits is refused).
public enum QuorumtoolCommand: Hashable, Sendable {
    /// `-s` (the default): quorum status and membership.
    case status
    /// `-l`: membership only.
    case list
    /// `-e N`: set expected votes (1...Int32.max).
    case setExpectedVotes(UInt32)
    /// `[-n NODE] -v N`: set votes (0...Int32.max) of `nodeID`, or of the local node when nil.
    case setVotes(UInt32, nodeID: UInt32?)
    /// `-m`: print the status again on every change until interrupted.
    case monitor
    /// `--cancel-wait-for-all` (ours; corosync sets the cmap key `quorum.cancel_wait_for_all`).
    case cancelWaitForAll

    /// The command for the given options. When several are given, `--cancel-wait-for-all`
    /// wins over `-e`, `-e` over `-v`, `-v` over `-m`, `-m` over `-l`, and `-l` over `-s`;
    /// `-n` only matters with `-v`.
    /// - Throws: ``QuorumtoolUsageError`` with corosync-quorumtool's message for a bad number.
    public static func make(
        list: Bool, expected: String?, votes: String?, nodeID: String?, monitor: Bool = false,
        cancelWaitForAll: Bool = false
    ) throws(QuorumtoolUsageError) -> QuorumtoolCommand {
        var node: UInt32?
        if let nodeID {
            guard let value = parse(nodeID), value > 0, value <= Int64(UInt32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidNodeID)
            }
            node = UInt32(value)
        }
        if cancelWaitForAll { return .cancelWaitForAll }
        if let expected {
            guard let value = parse(expected), value > 0, value <= Int64(Int32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidExpectedVotes)
            }
            return .setExpectedVotes(UInt32(value))
        }
        if let votes {
            guard let value = parse(votes), value >= 0, value <= Int64(Int32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidVotes)
            }
            return .setVotes(UInt32(value), nodeID: node)
        }
        if monitor { return .monitor }
        return list ? .list : .status
    }

    /// `strtol(text, &end, 0)`: nil when no digits were read.
    static func parse(_ text: String) -> Int64? {
        text.withCString { start -> Int64? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtol(start, &end, 0)
            guard let end, end != UnsafeMutablePointer(mutating: start) else { return nil }
            return Int64(value)
        }
    }
}
