import Totem

/// The two messages of corosync's sync v2 protocol, on group `"sync"` (Docs/ServicesWire.md §4.1).
/// Never byte-swapped by corosync; the ring id is compared byte for byte.
///
/// ```
/// BARRIER (32):        header(16, id 0) | ring_id(12) | pad(4)
/// SERVICE_BUILD (552): header(16, id 1) | ring_id(12) | pad(4) | i32 entries | pad(4) | i32 list[128]
/// ```
public enum SyncMessage: Hashable, Sendable {
    /// A node finished the current phase.
    case barrier(RingID)
    /// A node's list of services that take part in sync.
    case serviceBuild(RingID, services: [Int32])

    /// Size of a BARRIER.
    public static let barrierSize = 32
    /// Size of a SERVICE_BUILD.
    public static let serviceBuildSize = 552
    /// Most services a SERVICE_BUILD can list.
    public static let maxServices = 128

    /// The encoded message (little-endian, zero padding).
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.serviceBuildSize)
        switch self {
        case .barrier(let ring):
            ServiceHeader(id: 0, size: Int32(Self.barrierSize)).encode(into: &writer)
            writer.ringID(ring)
            writer.zeros(4)
        case .serviceBuild(let ring, let services):
            ServiceHeader(id: 1, size: Int32(Self.serviceBuildSize)).encode(into: &writer)
            writer.ringID(ring)
            writer.zeros(4)
            let listed = services.prefix(Self.maxServices)
            writer.i32(Int32(listed.count))
            writer.zeros(4)
            for service in listed { writer.i32(service) }
            writer.zeros(4 * (Self.maxServices - listed.count))
        }
        return writer.bytes
    }

    /// Decodes a sync message; nil for ids other than 0 and 1 (corosync ignores them).
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> SyncMessage? {
        var reader = WireReader(bytes)
        let header = try ServiceHeader.decode(&reader)
        switch header.id {
        case 0:
            return .barrier(try reader.ringID())
        case 1:
            let ring = try reader.ringID()
            try reader.skip(4)
            let count = try reader.i32()
            guard count >= 0, count <= Int32(Self.maxServices) else {
                throw .countOutOfRange(field: "service_list_entries", value: Int64(count), limit: Self.maxServices)
            }
            try reader.skip(4)
            var services: [Int32] = []
            for _ in 0..<count { services.append(try reader.i32()) }
            return .serviceBuild(ring, services: services)
        default:
            return nil
        }
    }
}
