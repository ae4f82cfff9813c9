import Foundation
import Glibc
import Synchronization
import Totem

/// Watches the ring's datagrams on the loopback interface (a packet socket: root only) and
/// tells ``LiveRing`` the seq and token seq the ring is at, so that forged tokens and MCASTs can
/// be "a little ahead" of the real ones. An on-path attacker sees as much; without a packet
/// socket the forged seqs are guesses (see ``Attack``).
final class Sniffer: Sendable {
    private let fd: Int32
    private let stopped = Atomic<Bool>(false)
    private let done = Mutex<Bool>(false)

    /// Opens the packet socket and starts reading on a thread of its own; nil when the socket
    /// cannot be opened (not root, or no `lo`).
    init?(ring: FuzzRing, ownPorts: Set<UInt16>, live: LiveRing) {
        let ipProtocol = LinkAddress.ipv4.bigEndian
        let fd = socket(AF_PACKET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(ipProtocol))
        guard fd >= 0 else { return nil }
        let index = Int32(if_nametoindex("lo"))
        var link = LinkAddress()
        link.set(family: UInt16(AF_PACKET), protocol: ipProtocol, interface: index)
        let bound = link.bytes.withUnsafeBytes {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(LinkAddress.size))
        }
        var limit = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard index > 0, bound == 0 else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
        let hosts = Set(ring.nodes.compactMap { Impersonator.address($0.host, port: 0)?.sin_addr.s_addr })
        let filter = Filter(port: ring.port, hosts: hosts, ownPorts: ownPorts)
        Thread.detachNewThread { [self] in self.read(filter: filter, live: live) }
    }

    /// Stops the reader and closes the socket (waits up to the read timeout for the thread).
    func stop() {
        stopped.store(true, ordering: .relaxed)
        for _ in 0..<100 where !done.withLock({ $0 }) { usleep(10_000) }
        Glibc.close(fd)
    }

    /// Which datagrams are the ring's own: to a node's totem port, from a port not ours.
    private struct Filter: Sendable {
        var port: UInt16
        var hosts: Set<UInt32>
        var ownPorts: Set<UInt16>
    }

    private func read(filter: Filter, live: LiveRing) {
        defer { done.withLock { $0 = true } }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !stopped.load(ordering: .relaxed) {
            var link = LinkAddress()
            var length = socklen_t(LinkAddress.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                link.bytes.withUnsafeMutableBytes { address in
                    let source = address.baseAddress!.assumingMemoryBound(to: sockaddr.self)
                    return recvfrom(fd, raw.baseAddress, raw.count, 0, source, &length)
                }
            }
            // Loopback shows every datagram twice, outgoing and incoming; keep one copy.
            guard count > 0, link.packetType != LinkAddress.outgoing else { continue }
            guard let payload = Self.udpPayload(buffer[0..<count], filter: filter),
                let message = try? TotemMessage.decode(payload)
            else { continue }
            switch message {
            case .orfToken(let token):
                live.observed(ringID: token.ringID, seq: token.seq, tokenSeq: token.tokenSeq)
            case .mcast(let mcast) where mcast.encapsulation == .normal:
                live.observed(ringID: mcast.ringID, seq: mcast.seq, tokenSeq: nil)
            default:
                break
            }
        }
    }

    /// The UDP payload of an IPv4 packet that passes `filter`.
    private static func udpPayload(_ packet: ArraySlice<UInt8>, filter: Filter) -> [UInt8]? {
        let base = packet.startIndex
        guard packet.count >= 28, packet[base] >> 4 == 4, packet[base + 9] == UInt8(IPPROTO_UDP) else { return nil }
        let headerLength = Int(packet[base] & 0x0F) * 4
        guard packet.count >= headerLength + 8 else { return nil }
        let destination = packet[(base + 16)..<(base + 20)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let udp = base + headerLength
        let sourcePort = UInt16(packet[udp]) << 8 | UInt16(packet[udp + 1])
        let destinationPort = UInt16(packet[udp + 2]) << 8 | UInt16(packet[udp + 3])
        guard destinationPort == filter.port, filter.hosts.contains(destination),
            !filter.ownPorts.contains(sourcePort)
        else { return nil }
        return Array(packet[(udp + 8)...])
    }
}

/// `struct sockaddr_ll` (netpacket/packet.h, not in the Glibc module) as its 20 bytes.
struct LinkAddress {
    /// `sizeof(struct sockaddr_ll)`.
    static let size = 20
    /// ETH_P_IP.
    static let ipv4: UInt16 = 0x0800
    /// PACKET_OUTGOING: a datagram this host sent, seen on its way out.
    static let outgoing: UInt8 = 4

    /// The raw bytes (family at 0, protocol at 2, interface index at 4, packet type at 10).
    var bytes = [UInt8](repeating: 0, count: size)

    /// Fills in what bind(2) needs; `protocol` in network order.
    mutating func set(family: UInt16, protocol: UInt16, interface: Int32) {
        withUnsafeBytes(of: family) { bytes.replaceSubrange(0..<2, with: $0) }
        withUnsafeBytes(of: `protocol`) { bytes.replaceSubrange(2..<4, with: $0) }
        withUnsafeBytes(of: interface) { bytes.replaceSubrange(4..<8, with: $0) }
    }

    /// `sll_pkttype`.
    var packetType: UInt8 { bytes[10] }
}
