/// One `key: value` of a parsed corosync.conf, under its full dotted cmap key.
public struct ConfigEntry: Hashable, Sendable {
    /// The dotted key as corosync stores it in cmap (`nodelist.node.1.ring0_addr`).
    public var key: String
    /// The value text, leading and trailing blanks removed.
    public var value: String
    /// The 1-based line the value came from (the closing `}` for keys corosync synthesises).
    public var line: Int

    /// Makes an entry.
    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}
