/// One encoded totempg packet ready to become the payload of an MCAST, with the guarantee
/// that every message packed into it asked for.
public struct FramedPacket: Hashable, Sendable {
    /// The totempg packet (``TotemPGPacket`` layout, little-endian).
    public var bytes: [UInt8]
    /// The guarantee of every message in the packet (a packet never mixes guarantees).
    public var guarantee: Guarantee

    /// Creates a framed packet.
    public init(bytes: [UInt8], guarantee: Guarantee) {
        self.bytes = bytes
        self.guarantee = guarantee
    }
}
