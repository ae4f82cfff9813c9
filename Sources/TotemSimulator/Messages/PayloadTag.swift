import Totem

/// The header the simulator puts in front of every payload it submits, so that checkers can
/// recognise each delivered message and verify that it arrived intact.
///
/// ```
/// +0  "TSIM"            +4  u32 sender      +8  u64 counter
/// +16 u8 guarantee      +17 u32 body length +21 u64 FNV-1a 64 of the body   +29 body
/// ```
/// All integers little-endian. The body is pseudo-random, derived from the id.
public struct PayloadTag: Hashable, Sendable {
    /// Size of the header.
    public static let headerSize = 29
    /// The largest body the simulator submits: the whole payload (tag included) stays below
    /// corosync's 1 MiB MESSAGE_SIZE_MAX with room for the group header.
    public static let largestBody = (1 << 20) - 1024
    /// The group every simulated message is addressed to.
    public static let group: [UInt8] = Array("sim".utf8)
    private static let magic: [UInt8] = Array("TSIM".utf8)

    /// Which message this is.
    public var id: MessageID
    /// The guarantee it was submitted with.
    public var guarantee: Guarantee
    /// Body length in bytes.
    public var bodyLength: Int
    /// FNV-1a 64 of the body.
    public var checksum: UInt64

    /// Creates a tag.
    public init(id: MessageID, guarantee: Guarantee, bodyLength: Int, checksum: UInt64) {
        self.id = id
        self.guarantee = guarantee
        self.bodyLength = bodyLength
        self.checksum = checksum
    }

    /// Builds a complete tagged payload with a `bodyLength`-byte body derived from `id`.
    public static func payload(id: MessageID, guarantee: Guarantee, bodyLength: Int) -> (PayloadTag, [UInt8]) {
        var body = [UInt8](repeating: 0, count: bodyLength)
        var random = SimulationRandom(seed: UInt64(id.sender.rawValue) << 40 ^ id.counter)
        var index = 0
        while index < bodyLength {
            var word = random.next()
            for _ in 0..<8 where index < bodyLength {
                body[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        let tag = PayloadTag(id: id, guarantee: guarantee, bodyLength: bodyLength, checksum: checksum(of: body[...]))
        return (tag, tag.encoded() + body)
    }

    /// The 29 header bytes.
    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize)
        Self.append(UInt64(id.sender.rawValue), width: 4, to: &bytes)
        Self.append(id.counter, width: 8, to: &bytes)
        bytes.append(UInt8(guarantee.rawValue))
        Self.append(UInt64(bodyLength), width: 4, to: &bytes)
        Self.append(checksum, width: 8, to: &bytes)
        return bytes
    }

    /// Reads the tag of a payload; nil if it does not start with a well-formed header.
    /// Does not verify the body (see ``verify(_:)``).
    public static func decode(_ payload: [UInt8]) -> PayloadTag? {
        guard payload.count >= headerSize, Array(payload[0..<4]) == magic,
            let guarantee = Guarantee(rawValue: Int32(payload[16]))
        else { return nil }
        return PayloadTag(
            id: MessageID(sender: NodeID(UInt32(read(payload, at: 4, width: 4))), counter: read(payload, at: 8, width: 8)),
            guarantee: guarantee, bodyLength: Int(read(payload, at: 17, width: 4)), checksum: read(payload, at: 21, width: 8))
    }

    /// Why `payload` does not match this tag, or nil when length and checksum match.
    public func verify(_ payload: [UInt8]) -> String? {
        let actualLength = payload.count - Self.headerSize
        guard actualLength == bodyLength else {
            return "body is \(actualLength) bytes, tag says \(bodyLength)"
        }
        let actual = Self.checksum(of: payload[Self.headerSize...])
        guard actual == checksum else {
            return "body checksum \(String(actual, radix: 16)) differs from the tag's \(String(checksum, radix: 16))"
        }
        return nil
    }

    /// FNV-1a 64 of some bytes.
    public static func checksum(of bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return hash
    }

    private static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }

    private static func read(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}
