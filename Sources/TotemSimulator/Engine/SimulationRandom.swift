import Totem

/// The simulator's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Every random choice of a run comes from one of these, stored in the simulation state, so a
/// run is a pure function of its seed. Child generators (``fork(_:)``) get seeds derived from
/// the parent's seed and a label, so adding a draw in one subsystem does not shift another's.
public struct SimulationRandom: RandomNumberGenerator, Sendable, Hashable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// The seed this generator was created from.
    public let seed: UInt64

    /// Creates a generator from a seed (any value, 0 included).
    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(seed: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// A child generator whose seed is derived from this generator's seed and `label`; it does
    /// not consume draws from this generator.
    public func fork(_ label: UInt64) -> SimulationRandom {
        var mixer = SplitMix64(seed: seed ^ (label &* 0x9E37_79B9_7F4A_7C15))
        return SimulationRandom(seed: mixer.next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform value in `0..<bound` (0 when `bound` is 0).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        bound == 0 ? 0 : next(upperBound: bound)
    }

    /// A uniform value in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// True with probability `perMille`/1000.
    public mutating func chance(perMille: UInt32) -> Bool {
        perMille > 0 && below(1000) < UInt64(perMille)
    }

    /// A uniform duration in `range` (nanosecond resolution).
    public mutating func duration(in range: ClosedRange<Duration>) -> Duration {
        let low = range.lowerBound.nanosecondsClamped
        let high = range.upperBound.nanosecondsClamped
        guard high > low else { return range.lowerBound }
        return .nanoseconds(low + Int64(below(UInt64(high - low) + 1)))
    }

    /// A uniformly chosen element (nil for an empty collection).
    public mutating func pick<T>(_ elements: [T]) -> T? {
        elements.isEmpty ? nil : elements[Int(below(UInt64(elements.count)))]
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Generators are equal when they will produce the same sequence.
    public static func == (lhs: SimulationRandom, rhs: SimulationRandom) -> Bool {
        lhs.seed == rhs.seed && lhs.state == rhs.state
    }

    /// Hashes the seed and state.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(seed)
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }
}
