/// Packs application messages into totempg packets the way corosync's `totempg.c` does
/// (Docs/TotemWire.md §8.1-§8.2): many small messages share one packet, a message too big
/// for the space left is split across packets.
///
/// Every message gets its ``GroupHeader`` prepended. Each packet obeys
/// `8 + 2m + Σ len ≤ budget` (1410 with corosync's default MTU). For a message that does not
/// fit into the open packet:
///
/// ```
/// open packet:  [hdr frag=k cont=c][len…][earlier pieces][first chunk, fills to budget]  -> closed
/// next packet:  [hdr frag=k' cont=k][len…][next chunk, fills to budget]                  -> closed
/// last packet:  [hdr frag=0  cont=k'][len…][last chunk][further messages…]               -> open
/// ```
/// The fragment numbers `k` come from one counter per packer (per sender) that starts at 1,
/// is advanced for every packet closed with a trailing fragment and skips 0 when it wraps.
/// As in corosync, the last chunk of a fragmented message stays in the open packet and later
/// messages may join it. Deviations from `totempg.c`'s `mcast_msg`, all invisible to a
/// receiver (which only compares `continuation` with the previous `fragmented`):
/// * corosync resets its counter to 1 whenever a message (or a last chunk) fits into the open
///   packet, so in practice each fragmented message is numbered 1, 2, ... again;
/// * corosync sends a packet as soon as it is within 2 bytes of the budget, where this packer
///   keeps it open and closes it on the next append (same bytes);
/// * corosync may close a packet a few bytes early at an iovec boundary inside a message;
///   this packer sees one contiguous message and always fills to the budget.
///
/// A packet never mixes guarantees: appending a message whose guarantee differs from the open
/// packet's closes that packet first. Corosync flushes the open packet when the node receives
/// the token; the owner calls ``takePackets()`` at that moment and multicasts the result.
///
/// A value type: a copy is a snapshot, and two packers are equal when they hold the same
/// packets and the same fragment counter (so they will produce the same bytes from here on).
public struct FramePacker: Hashable, Sendable {
    /// Largest message accepted, group header included (corosync's MESSAGE_SIZE_MAX, 1 MiB).
    public static let maxMessageSize = 1_048_576
    /// Smallest usable budget: the header, one length entry and one data byte.
    public static let minBudget = TotemPGPacket.headerSize + 2 + 1
    /// Largest budget: what fits into an MCAST of corosync's FRAME_SIZE_MAX.
    public static let maxBudget = Mcast.maxSize - Mcast.headerSize

    /// Most bytes one packet may take (the totempg packet budget, see
    /// ``TotemParameters/packetBudget``).
    public let budget: Int

    private var closed: [FramedPacket] = []
    private var openLengths: [Int] = []
    private var openData: [UInt8] = []
    private var openContinuation: UInt8 = 0
    private var openGuarantee: Guarantee = .agreed
    private var nextFragment: UInt8 = 1

    /// Creates an empty packer for packets of at most `budget` bytes.
    ///
    /// `budget` must lie in ``minBudget``...``maxBudget``; the configuration layer derives it
    /// from a validated MTU, so anything else is a programming error and traps.
    public init(budget: Int = 1410) {
        precondition(
            (Self.minBudget...Self.maxBudget).contains(budget),
            "totempg budget \(budget) outside \(Self.minBudget)...\(Self.maxBudget)")
        self.budget = budget
    }

    /// Packets ready to be taken: every closed one plus the open one if it holds anything.
    public var pendingPacketCount: Int { closed.count + (openLengths.isEmpty ? 0 : 1) }

    /// Queues `message` for `groups` with `guarantee`, packing or fragmenting it into packets.
    ///
    /// Throws (and packs nothing) when the message and its group header exceed
    /// ``maxMessageSize``, when `groups` is empty, or when the group header cannot be encoded.
    public mutating func append(
        _ message: [UInt8], groups: [[UInt8]], guarantee: Guarantee
    ) throws(FramingError) {
        guard !groups.isEmpty else { throw .noGroups }
        guard groups.count <= GroupHeader.maxGroups else {
            throw .tooManyGroups(count: groups.count, limit: GroupHeader.maxGroups)
        }
        for (index, name) in groups.enumerated() where name.count > GroupHeader.maxNameLength {
            throw .groupNameTooLong(index: index, length: name.count, limit: GroupHeader.maxNameLength)
        }
        let header = GroupHeader(groups: groups)
        let size = header.encodedSize + message.count
        guard size <= Self.maxMessageSize else { throw .messageTooLarge(size: size, limit: Self.maxMessageSize) }
        var whole = WireWriter(capacity: size)
        header.encode(into: &whole)
        whole.bytes(message)
        pack(whole.bytes, guarantee: guarantee)
    }

    /// Returns every closed packet and the open one (if non-empty), in submission order, and
    /// leaves the packer empty. Call it when the node receives the token.
    public mutating func takePackets() -> [FramedPacket] {
        if !openLengths.isEmpty { closeOpenPacket(fragmented: 0) }
        defer { closed = [] }
        return closed
    }

    private mutating func pack(_ message: [UInt8], guarantee: Guarantee) {
        if !openLengths.isEmpty, openGuarantee != guarantee { closeOpenPacket(fragmented: 0) }
        openGuarantee = guarantee
        var offset = 0
        while true {
            let used = TotemPGPacket.headerSize + 2 * openLengths.count + openData.count
            let available = budget - used - 2
            let remaining = message.count - offset
            if remaining <= available {
                openLengths.append(remaining)
                openData.append(contentsOf: message[offset...])
                return
            }
            if available < 1 {
                closeOpenPacket(fragmented: 0)
                openGuarantee = guarantee
                continue
            }
            openLengths.append(available)
            openData.append(contentsOf: message[offset..<(offset + available)])
            offset += available
            let fragment = nextFragment
            nextFragment = nextFragment == UInt8.max ? 1 : nextFragment + 1
            closeOpenPacket(fragmented: fragment)
            openContinuation = fragment
            openGuarantee = guarantee
        }
    }

    private mutating func closeOpenPacket(fragmented: UInt8) {
        precondition(!openLengths.isEmpty, "closing an empty totempg packet (fragmented \(fragmented))")
        var writer = WireWriter(capacity: TotemPGPacket.headerSize + 2 * openLengths.count + openData.count)
        writer.i16(0)
        writer.i16(0)
        writer.u8(fragmented)
        writer.u8(openContinuation)
        writer.u16(UInt16(openLengths.count))
        for length in openLengths { writer.u16(UInt16(length)) }
        writer.bytes(openData)
        precondition(
            writer.bytes.count <= budget, "totempg packet of \(writer.bytes.count) bytes over budget \(budget)")
        closed.append(FramedPacket(bytes: writer.bytes, guarantee: openGuarantee))
        openLengths.removeAll(keepingCapacity: true)
        openData.removeAll(keepingCapacity: true)
        openContinuation = 0
        openGuarantee = .agreed
    }
}
