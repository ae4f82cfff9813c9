/// The items of a `totem.interface` section, stored when it closes under its link number.
struct InterfaceItems {
    /// `linknumber` (default 0).
    var link: UInt8 = 0
    /// The line of `linknumber`, if given.
    var linkLine: Int?
    /// The keys corosync keeps aside (`mcastport`, `bindnetaddr`, ...), by name.
    var items: [String: RawItem] = [:]
    /// Every `memberaddr` of its `member` sections, in file order.
    var members: [RawItem] = []

    /// The kept keys in the order corosync stores them.
    static let order = [
        "bindnetaddr", "mcastaddr", "broadcast", "mcastport", "ttl", "knet_link_priority", "knet_ping_interval",
        "knet_ping_timeout", "knet_ping_precision", "knet_pong_count", "knet_transport",
    ]
    /// Kept keys corosync forgets once stored (the others are stored again if a subsection closes).
    static let once: Set<String> = ["bindnetaddr", "mcastaddr", "broadcast", "knet_transport"]
}

/// The items of a `logger_subsys` or `logging_daemon` section, stored when it closes.
struct LoggingItems {
    var subsys: RawItem?
    var name: RawItem?
    /// The other items, in file order.
    var items: [RawItem] = []

    mutating func add(_ item: RawItem, daemon: Bool) {
        switch ConfigText.decode(item.key) {
        case "subsys": subsys = item
        case "name" where daemon: name = item
        default: items.append(item)
        }
    }
}

extension ParserState {
    /// Stores an interface's items under `totem.interface.<linknumber>.` when it (or a
    /// subsection of it) closes, members as `member.0`, `member.1`... in the reverse of file
    /// order, as corosync lists them.
    mutating func closeInterface(_ frame: ParserFrame, line: Int) throws(ConfigError) {
        let own = ConfigText.decode(frame.path) == "totem.interface"
        if !own, !interface.members.isEmpty {
            throw error(
                .unsupportedSubsection, frame.line, key: frame.pathText,
                "expected no subsection in interface after a member section (corosync 3.1.7 crashes on one)",
                ConfigText.printable(bytes: frame.name) + " {")
        }
        let prefix = "totem.interface.\(interface.link)."
        for name in InterfaceItems.order {
            guard let item = interface.items[name] else { continue }
            let type = ConfigKeyTypes.interfaceTypes[name] ?? .str
            try store(Array((prefix + name).utf8), item, type: type, prefixFault: nil)
            if InterfaceItems.once.contains(name) { interface.items[name] = nil }
        }
        for (index, member) in interface.members.reversed().enumerated() {
            try store(Array((prefix + "member.\(index)").utf8), member, type: .str, prefixFault: nil)
        }
        interface.members = []
        if own { config.sectionLines["totem.interface.\(interface.link)"] = interface.linkLine ?? frame.line }
    }

    /// Stores a `logger_subsys` under `logging.logger_subsys.<subsys>.`. Items are stored in
    /// the reverse of file order, so the first of a repeated key wins, as in corosync.
    mutating func closeLoggerSubsys(_ frame: ParserFrame, line: Int) throws(ConfigError) {
        guard let subsys = logging.subsys else {
            throw error(.missingSubsys, line, key: frame.pathText, "expected a subsys key in logger_subsys", nil)
        }
        let prefix = Array("logging.logger_subsys.".utf8) + subsys.value
        let fault = (subsys.value, subsys.line, "subsys")
        for item in logging.items.reversed() {
            try store(prefix + [Byte.dot] + item.key, item, type: .str, prefixFault: fault)
        }
        try store(prefix + Array(".subsys".utf8), subsys, type: .str, prefixFault: fault)
    }

    /// Stores a `logging_daemon` as corosync does: name `corosync` means the global logging
    /// settings (or `logger_subsys.<subsys>`), another name `logging_daemon.<name>[.<subsys>]`.
    mutating func closeLoggingDaemon(_ frame: ParserFrame, line: Int) throws(ConfigError) {
        guard let name = logging.name else {
            throw error(.missingDaemonName, line, key: frame.pathText, "expected a name key in logging_daemon", nil)
        }
        let corosync = ConfigText.decode(name.value) == "corosync"
        let daemon = Array("logging.logging_daemon.".utf8) + name.value
        let prefix: [UInt8]
        if let subsys = logging.subsys {
            prefix = (corosync ? Array("logging.logger_subsys".utf8) : daemon) + [Byte.dot] + subsys.value
        } else {
            prefix = corosync ? Array("logging".utf8) : daemon
        }
        let faults = [name, logging.subsys].compactMap { $0 }.filter { !$0.value.allSatisfy(Byte.isKeyCharacter) }
        let fault = faults.first.map { ($0.value, $0.line, ConfigText.decode($0.key)) }
        for item in logging.items.reversed() {
            try store(prefix + [Byte.dot] + item.key, item, type: .str, prefixFault: fault)
        }
        if let subsys = logging.subsys {
            try store(prefix + Array(".subsys".utf8), subsys, type: .str, prefixFault: fault)
            if !corosync { try store(prefix + Array(".name".utf8), name, type: .str, prefixFault: fault) }
        } else if !corosync {
            try store(prefix + Array(".name".utf8), name, type: .str, prefixFault: fault)
        }
    }
}
