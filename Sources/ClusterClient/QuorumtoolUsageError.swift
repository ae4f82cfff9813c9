/// A `quorumtool` argument refused before any call, with `corosync-quorumtool`'s message
/// (exit status 1).
public struct QuorumtoolUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stderr text, newline-terminated.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
