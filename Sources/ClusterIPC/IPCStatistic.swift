/// One named counter, keyed as corosync's stats map names it (`stats.srp.orf_token_rx`).
///
/// Encoding: `string key | value` (a typed ``IPCValue``).
public struct IPCStatistic: Hashable, Sendable {
    /// The stats key.
    public var key: String
    /// The value with its type.
    public var value: IPCValue

    /// Creates a statistic.
    public init(key: String, value: IPCValue) {
        self.key = key
        self.value = value
    }

    /// The smallest encoding (empty key, empty binary value).
    static let minimumSize = 4 + 1 + 4

    func encode(_ writer: inout IPCWriter) {
        writer.string(key)
        writer.value(value)
    }

    static func decode(_ reader: inout IPCReader) throws(IPCError) -> IPCStatistic {
        IPCStatistic(key: try reader.string("stat.key"), value: try reader.value("stat.value"))
    }
}
