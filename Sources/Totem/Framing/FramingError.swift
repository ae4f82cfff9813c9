/// Why ``FramePacker/append(_:groups:guarantee:)`` refused a message: the caller asked for
/// something totempg cannot carry. Nothing of a refused message is packed.
public enum FramingError: Error, Hashable, Sendable {
    /// The message with its group header is `size` bytes, more than `limit`
    /// (``FramePacker/maxMessageSize``, corosync's MESSAGE_SIZE_MAX of 1 MiB).
    case messageTooLarge(size: Int, limit: Int)
    /// The message names no group, so no receiver would ever deliver it.
    case noGroups
    /// More groups than the u16 `group_count` can describe.
    case tooManyGroups(count: Int, limit: Int)
    /// Group number `index` has a name longer than the u16 `group_len` can describe.
    case groupNameTooLong(index: Int, length: Int, limit: Int)
}
