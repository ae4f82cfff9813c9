/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator whose whole state is one word.
/// The core draws its JOIN delays from it (``JoinJitter``), the simulator seeds its generators
/// with it, and tests use it so that every randomized run replays from its seed.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The state; the next value is derived from it.
    public private(set) var state: UInt64

    /// A generator starting from `seed` (any value, 0 included).
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
