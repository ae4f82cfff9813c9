/// The values corosync 3.1.7 publishes under `runtime.config.totem.*`, derived from the
/// `totem` section exactly as `totem_volatile_config_read` and `calc_knet_ping_timers` in
/// `exec/totemconfig.c` do. Times are milliseconds.
///
/// Rules: a key that is absent **or 0** takes its default (except `token_warning`,
/// `send_join`, `heartbeat_failures_allowed` and the knet compression keys, where 0 is a
/// value). With 3 or more nodes, `token += (nodes - 2) * token_coefficient` (650 unless given;
/// an explicit 0 disables it). Then, unless given explicitly:
///
/// ```
/// token_retransmit = (int)(token / (token_retransmits_before_loss_const + 0.2))
/// hold             = (int)(token_retransmit * 0.8 - 10)
/// consensus        = (int)(float)(1.2 * token)
/// knet_ping_timeout  = token / 2,  knet_ping_interval = token / 4
/// ```
///
/// where `token` is the effective token (after the coefficient). An explicit
/// `token_retransmit` is used as is and `hold` is derived from it; an explicit `consensus` is
/// used as is.
public struct TotemTimers: Hashable, Sendable {
    /// Effective token timeout.
    public var token: UInt32 = 3000
    /// `token_retransmits_before_loss_const`.
    public var tokenRetransmitsBeforeLossConst: UInt32 = 4
    /// Token retransmit interval.
    public var tokenRetransmit: UInt32 = 0
    /// Token hold time.
    public var hold: UInt32 = 0
    /// Token warning, percent of token (0 disables).
    public var tokenWarning: UInt32 = 75
    /// JOIN interval.
    public var join: UInt32 = 50
    /// Upper bound of the random JOIN delay.
    public var sendJoin: UInt32 = 0
    /// Consensus timeout.
    public var consensus: UInt32 = 0
    /// Merge detect interval.
    public var merge: UInt32 = 200
    /// Interface down check interval.
    public var downcheck: UInt32 = 1000
    /// `fail_recv_const`.
    public var failRecvConst: UInt32 = 2500
    /// `seqno_unchanged_const`.
    public var seqnoUnchangedConst: UInt32 = 30
    /// `heartbeat_failures_allowed` (0 = off).
    public var heartbeatFailuresAllowed: UInt32 = 0
    /// `max_network_delay`.
    public var maxNetworkDelay: UInt32 = 50
    /// `window_size`.
    public var windowSize: UInt32 = 50
    /// `max_messages`.
    public var maxMessages: UInt32 = 17
    /// `miss_count_const`.
    public var missCountConst: UInt32 = 5
    /// `block_unlisted_ips`.
    public var blockUnlistedIPs = true
    /// `cancel_token_hold_on_retransmit`.
    public var cancelTokenHoldOnRetransmit = false
    /// `knet_pmtud_interval` (seconds; published by corosync for every transport).
    public var knetPmtudInterval: UInt32 = 30
    /// `knet_mtu`.
    public var knetMTU: UInt32 = 0
    /// `knet_compression_threshold`.
    public var knetCompressionThreshold: UInt32 = 0
    /// `knet_compression_level`.
    public var knetCompressionLevel: Int32 = 0
    /// `knet_compression_model`.
    public var knetCompressionModel = "none"
    /// `interface.0.knet_ping_interval`.
    public var knetPingInterval: UInt32 = 0
    /// `interface.0.knet_ping_timeout`.
    public var knetPingTimeout: UInt32 = 0

    /// Smallest timer corosync accepts: 3 × 1000/HZ with HZ = 100.
    public static let minimumTimeout: UInt32 = 30
    /// Smallest hold: (int)(30 × 0.8 − 10).
    public static let minimumHold: UInt32 = 14

    /// Derives every value from `config` for a nodelist of `memberCount` nodes; throws on values
    /// corosync refuses (a timer below 30 ms, hold below 14 ms, consensus below join,
    /// token_warning above 100).
    public static func derive(from config: ParsedConfig, memberCount: Int) throws(ConfigError) -> TotemTimers {
        let reader = ConfigReader(config: config)
        func value(_ name: String, _ fallback: UInt32, zeroAllowed: Bool = false) -> UInt32 {
            guard let given = reader.u32("totem." + name), zeroAllowed || given != 0 else { return fallback }
            return given
        }
        var timers = TotemTimers()
        timers.tokenRetransmitsBeforeLossConst = value("token_retransmits_before_loss_const", 4)
        timers.token = value("token", 3000)
        timers.tokenWarning = value("token_warning", 75, zeroAllowed: true)
        if memberCount > 2 {
            let coefficient = reader.u32("totem.token_coefficient") ?? 650
            timers.token = timers.token &+ UInt32(truncatingIfNeeded: memberCount - 2) &* coefficient
        }
        timers.maxNetworkDelay = value("max_network_delay", 50)
        timers.windowSize = value("window_size", 50)
        timers.maxMessages = value("max_messages", 17)
        timers.missCountConst = value("miss_count_const", 5)
        timers.knetPmtudInterval = value("knet_pmtud_interval", 30)
        timers.knetMTU = value("knet_mtu", 0)
        let retransmit = Double(timers.token) / (Double(timers.tokenRetransmitsBeforeLossConst) + 0.2)
        timers.tokenRetransmit = value("token_retransmit", cInt(retransmit))
        timers.hold = value("hold", cInt(Double(timers.tokenRetransmit) * 0.8 - 10))
        timers.join = value("join", 50)
        timers.consensus = value("consensus", cInt(Double(Float(1.2 * Double(timers.token)))))
        timers.merge = value("merge", 200)
        timers.downcheck = value("downcheck", 1000)
        timers.failRecvConst = value("fail_recv_const", 2500)
        timers.seqnoUnchangedConst = value("seqno_unchanged_const", 30)
        timers.sendJoin = value("send_join", 0, zeroAllowed: true)
        timers.heartbeatFailuresAllowed = value("heartbeat_failures_allowed", 0, zeroAllowed: true)
        timers.knetCompressionThreshold = value("knet_compression_threshold", 0, zeroAllowed: true)
        timers.knetCompressionLevel = reader.integer("totem.knet_compression_level").map(Int32.init) ?? 0
        timers.knetCompressionModel = reader.string("totem.knet_compression_model") ?? "none"
        timers.blockUnlistedIPs = boolean(reader.string("totem.block_unlisted_ips"), default: true)
        timers.cancelTokenHoldOnRetransmit =
            boolean(reader.string("totem.cancel_token_hold_on_retransmit"), default: false)
        let pongCount = reader.u32("totem.interface.0.knet_pong_count").flatMap { $0 == 0 ? nil : $0 } ?? 2
        timers.knetPingTimeout = nonZero(reader.u32("totem.interface.0.knet_ping_timeout")) ?? timers.token / pongCount
        timers.knetPingInterval =
            nonZero(reader.u32("totem.interface.0.knet_ping_interval")) ?? timers.token / (pongCount &* 2)
        try timers.validate(reader)
        return timers
    }

    /// C's `(int)` of a double, then stored in an unsigned 32-bit field.
    private static func cInt(_ value: Double) -> UInt32 {
        guard value.isFinite else { return 0 }
        let clamped = max(Double(Int32.min), min(Double(Int32.max), value.rounded(.towardZero)))
        return UInt32(bitPattern: Int32(clamped))
    }

    private static func nonZero(_ value: UInt32?) -> UInt32? { value == 0 ? nil : value }

    /// corosync's yes/no reading: `yes` 1, `no` 0, anything else the default.
    private static func boolean(_ text: String?, default fallback: Bool) -> Bool {
        switch text {
        case "yes": true
        case "no": false
        default: fallback
        }
    }
}
