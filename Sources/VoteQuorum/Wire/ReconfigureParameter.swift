/// The `param` byte of a votequorum RECONFIGURE message.
///
/// A struct rather than an enum so that unknown values decode (stock receivers ignore them).
public struct ReconfigureParameter: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The byte on the wire.
    public var rawValue: UInt8

    /// Wraps a raw parameter byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Set every member's expected votes to `value`.
    public static let expectedVotes = ReconfigureParameter(rawValue: 1)
    /// Set the votes of node `nodeid` to `value`.
    public static let nodeVotes = ReconfigureParameter(rawValue: 2)
    /// Cancel wait_for_all everywhere (`nodeid` is the requester, `value` 0).
    public static let cancelWaitForAll = ReconfigureParameter(rawValue: 3)

    /// `expectedVotes`, `nodeVotes`, `cancelWaitForAll` or `unknown(n)`.
    public var description: String {
        switch rawValue {
        case 1: "expectedVotes"
        case 2: "nodeVotes"
        case 3: "cancelWaitForAll"
        default: "unknown(\(rawValue))"
        }
    }
}
