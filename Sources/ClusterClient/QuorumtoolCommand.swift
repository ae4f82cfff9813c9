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

    /// The command for the given options. When several are given, `--cancel-wait-for-all` (ours)
    /// wins; otherwise the last of `-s -l -m -e -v` on the command line (`last`, see
    /// ``ShortOptionOrder``), as corosync-quorumtool's getopt loop does. Without `last`,
    /// `-e` wins over `-v`, `-v` over `-m`, `-m` over `-l`, and `-l` over `-s`. `-n` only
    /// matters with `-v`. Every number given is checked, whichever command wins.
    /// - Throws: ``QuorumtoolUsageError`` with corosync-quorumtool's message for a bad number.
    public static func make(
        list: Bool, expected: String?, votes: String?, nodeID: String?, monitor: Bool = false,
        cancelWaitForAll: Bool = false, last: Character? = nil
    ) throws(QuorumtoolUsageError) -> QuorumtoolCommand {
        var node: UInt32?
        if let nodeID {
            guard let value = parse(nodeID), value > 0, value <= Int64(UInt32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidNodeID)
            }
            node = UInt32(value)
        }
        var setExpected: QuorumtoolCommand?
        if let expected {
            guard let value = parse(expected), value > 0, value <= Int64(Int32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidExpectedVotes)
            }
            setExpected = .setExpectedVotes(UInt32(value))
        }
        var setVotes: QuorumtoolCommand?
        if let votes {
            guard let value = parse(votes), value >= 0, value <= Int64(Int32.max) else {
                throw QuorumtoolUsageError(QuorumtoolMessages.invalidVotes)
            }
            setVotes = .setVotes(UInt32(value), nodeID: node)
        }
        if cancelWaitForAll { return .cancelWaitForAll }
        switch last {
        case "e": if let setExpected { return setExpected }
        case "v": if let setVotes { return setVotes }
        case "m" where monitor: return .monitor
        case "l" where list: return .list
        case "s": return .status
        default: break
        }
        if let command = setExpected ?? setVotes { return command }
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
