import Totem

/// The randomized wire tests' generator: Totem's seeded SplitMix64, so that every randomized
/// test replays exactly.
typealias WireTestGenerator = SplitMix64

extension SplitMix64 {
    /// A value in `0..<bound` (bound > 0), without the stdlib's slower generic path.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            var word = next()
            for _ in 0..<min(8, count - out.count) {
                out.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return out
    }
}
