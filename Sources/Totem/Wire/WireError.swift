/// Why a datagram or a structure inside it could not be decoded.
///
/// Decoding never traps: every malformed input maps to one of these cases, which the protocol
/// core turns into a counted drop.
public enum WireError: Error, Hashable, Sendable {
    /// The input ended before a field that the layout requires: `needed` bytes at `offset`,
    /// but only `available` were left.
    case truncated(offset: Int, needed: Int, available: Int)
    /// The first two bytes are neither 0xC070 nor its byte-swapped form.
    case badMagic(UInt16)
    /// The version byte is not 3.
    case unsupportedVersion(UInt8)
    /// The message type byte is not one of the six totem types.
    case unknownMessageType(UInt8)
    /// A count field is negative or larger than corosync allows (`limit`).
    case countOutOfRange(field: String, value: Int64, limit: Int)
    /// The datagram is larger than the protocol accepts for its type.
    case oversized(size: Int, limit: Int)
    /// A field holds a value the layout forbids (for example an MCAST `encapsulated` byte that is
    /// neither 1 nor 2).
    case invalidField(field: String, value: Int64)
    /// Bytes follow the end of a structure whose length must be exact.
    case trailingBytes(count: Int)
}
