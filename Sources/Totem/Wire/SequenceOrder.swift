/// Rollover-aware comparison of 32-bit sequence numbers, exactly as corosync's `sq.h`.
///
/// Near the top of the range (either value above 0x80000000) both are shifted down by 0x10000
/// before comparing, so that seqs that wrapped past 0 still sort after large ones. In particular
/// `lte(0, 0xFFFFFFFF)` is false, which is what lets a fresh ring accept token_seq 0 after
/// `token_seq_seen` was reset to 0xFFFFFFFF.
public enum SequenceOrder {
    /// `a < b` in corosync's rollover-aware order.
    @inlinable
    public static func lt(_ a: UInt32, _ b: UInt32) -> Bool {
        if a > 0x8000_0000 || b > 0x8000_0000 {
            return a &- 0x10000 < b &- 0x10000
        }
        return a < b
    }

    /// `a <= b` in corosync's rollover-aware order.
    @inlinable
    public static func lte(_ a: UInt32, _ b: UInt32) -> Bool {
        if a > 0x8000_0000 || b > 0x8000_0000 {
            return a &- 0x10000 <= b &- 0x10000
        }
        return a <= b
    }
}
