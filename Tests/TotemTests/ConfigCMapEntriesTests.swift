import Testing
import Totem

/// The cmap entries derived from a configuration (their text is CorosyncFormatTests' business).
@Suite struct ConfigCMapEntriesTests {
    @Test func configEntriesAddTheLoadTimeKeysAndNormalizeIntegers() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 3, totem: "  token: +0400"))
        let entries = ConfigCMapEntries.configEntries(config)
        let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })
        #expect(byKey["totem.token"].map { "\($0.type.rawValue) \($0.value)" } == "u32 400")
        #expect(byKey["totem.interface.0.bindnetaddr"].map { "\($0.type.rawValue) \($0.value)" } == "str 127.0.0.1")
        #expect(byKey["nodelist.local_node_pos"].map { "\($0.type.rawValue) \($0.value)" } == "u32 0")
        // Grouped by prefix in the order given, byte order within a group.
        let order = ["totem", "nodelist", "quorum", "logging"]
        let ranks = entries.map { entry in order.firstIndex(of: String(entry.key.prefix { $0 != "." })) ?? -1 }
        #expect(ranks == ranks.sorted() && !ranks.contains(-1))
        let totem = entries.map(\.key).filter { $0.hasPrefix("totem.") }
        #expect(totem == totem.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(ConfigCMapEntries.configEntries(config, prefixes: ["quorum."]).map(\.key) == ["quorum.provider"])
    }

    @Test func runtimeEntriesAreEveryTotemTimerInKeyOrder() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 2))
        let entries = ConfigCMapEntries.runtimeEntries(config.timers)
        #expect(entries.count == 26)
        #expect(entries.allSatisfy { $0.key.hasPrefix("runtime.config.totem.") })
        #expect(entries.map(\.key) == entries.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(entries.first { $0.key == "runtime.config.totem.token" }?.value == String(config.timers.token))
        #expect(entries.first { $0.key == "runtime.config.totem.knet_compression_level" }?.type == .i32)
    }
}
