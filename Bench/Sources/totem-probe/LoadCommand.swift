/// A parsed `load SIZE RATE GUARANTEE START_NS DURATION_MS WARMUP_MS` line.
struct LoadCommand: Sendable {
    /// Payload size in bytes (at least 16: the header).
    var size: Int
    /// Messages per second from this node; 0 means as fast as the ring accepts them.
    var rate: Double
    /// Agreed or safe delivery.
    var safe: Bool
    /// CLOCK_REALTIME nanoseconds at which sending starts.
    var start: UInt64
    /// When sending stops.
    var stop: UInt64
    /// Start of the measured window (after the warm-up).
    var windowStart: UInt64

    /// Parses a line; nil when it is not a load command.
    init?(_ line: String) {
        let parts = line.split(separator: " ")
        guard parts.count == 7, parts[0] == "load", let size = Int(parts[1]), let rate = Double(parts[2]),
              let start = UInt64(parts[4]), let duration = UInt64(parts[5]), let warmup = UInt64(parts[6])
        else { return nil }
        self.size = max(16, size)
        self.rate = rate
        self.safe = parts[3] == "safe"
        self.start = start
        self.stop = start + duration * 1_000_000
        self.windowStart = start + warmup * 1_000_000
    }
}
