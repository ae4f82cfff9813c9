/// The core's only source of variation: a SplitMix64 sequence seeded by the node id, so two nodes
/// draw different delays while every run of the same node replays exactly.
///
/// corosync breaks symmetric membership rounds with `send_join`, a `random()` delay before each
/// JOIN; the core has no random source, so it draws these delays from here instead.
struct JoinJitter: Sendable {
    private var random: SplitMix64

    /// A sequence for `node`.
    init(node: NodeID) {
        random = SplitMix64(seed: 0x4A4F_494E_4A49_5454 ^ (UInt64(node.rawValue) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// A delay in `0 ..< bound` (zero when `bound` is not positive), in whole microseconds.
    mutating func delay(below bound: Duration) -> Duration {
        let micros = bound.nanosecondsClamped / 1_000
        guard micros > 0 else { return .zero }
        return .microseconds(Int64(random.next() % UInt64(micros)))
    }
}
