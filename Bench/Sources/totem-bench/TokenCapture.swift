import Foundation

/// Token rotation, measured the same way for all three systems: tcpdump in the representative's
/// (node 1's) namespace records every inbound UDP datagram to the ring port whose payload byte 3
/// is 0 (the totem message type of an ORF token; the floor's datagram carries the same byte), with
/// kernel nanosecond timestamps; one rotation is the interval between consecutive arrivals.
final class TokenCapture {
    private let process: Spawned
    private let file: String

    /// Starts capturing on node 1 of `cluster` (tcpdump pinned to CPU 1, away from the ring).
    init(cluster: Cluster, name: String) throws {
        file = "\(cluster.topology.directory)/\(name).pcap"
        try? FileManager.default.removeItem(atPath: file)
        process = try Spawned("tcpdump-\(name)", cluster.topology.inNode(1) + [
            "/usr/bin/taskset", "-c", "1", "/usr/bin/tcpdump", "-i", "eth0", "-Q", "in", "-n", "-B", "16384",
            "--time-stamp-precision=nano", "-w", file, "udp dst port \(cluster.port) and udp[11] = 0",
        ], logDirectory: cluster.topology.directory)
        let deadline = Date().addingTimeInterval(5)
        while !process.log.contains("listening on"), Date() < deadline { usleep(10_000) }
    }

    /// Stops the capture and returns the rotation intervals (ns) between arrivals inside `window`.
    func finish(window: ClosedRange<UInt64>? = nil) -> [UInt64] {
        usleep(50_000)
        process.signal(SIGINT)
        let deadline = Date().addingTimeInterval(5)
        while process.process.isRunning, Date() < deadline { usleep(10_000) }
        process.signal(SIGKILL)
        let stamps = Pcap.timestamps(file).filter { window?.contains($0) ?? true }
        try? FileManager.default.removeItem(atPath: file)
        return zip(stamps.dropFirst(), stamps).map { $0 - $1 }
    }
}

/// The classic pcap format, timestamps only.
enum Pcap {
    /// Record timestamps in nanoseconds (nanosecond or microsecond files, either byte order).
    static func timestamps(_ path: String) -> [UInt64] {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 24 else { return [] }
        let bytes = [UInt8](data)
        func u32(_ offset: Int, _ little: Bool) -> UInt32 {
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            return little ? value : value.byteSwapped
        }
        let magicLittle = u32(0, true)
        let little = magicLittle == 0xa1b2_3c4d || magicLittle == 0xa1b2_c3d4
        let magic = u32(0, little)
        let nano = magic == 0xa1b2_3c4d
        var stamps: [UInt64] = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let seconds = UInt64(u32(offset, little)), fraction = UInt64(u32(offset + 4, little))
            let captured = Int(u32(offset + 8, little))
            stamps.append(seconds * 1_000_000_000 + (nano ? fraction : fraction * 1000))
            offset += 16 + captured
        }
        return stamps
    }
}
