/// One open section while parsing.
struct ParserFrame {
    /// How keys inside the section are stored.
    enum Kind {
        /// Keys go straight to `path.key`.
        case plain
        /// Top-level `uidgid`: only `uid` and `gid`.
        case uidgid
        /// `logging.logger_subsys`: stored under its `subsys` when it closes.
        case loggerSubsys
        /// `logging.logging_daemon`: stored under its `name` (and `subsys`) when it closes.
        case loggingDaemon
        /// `totem.interface`: stored under its `linknumber` when it closes.
        case interface
        /// `totem.interface.member`: one `memberaddr`.
        case member
    }

    var kind: Kind
    /// The dotted path (for collecting kinds, the path without the key that names it).
    var path: String
    /// The section name as written.
    var name: String
    /// Line of the opening `{`.
    var line: Int
    /// Keys seen so far in a collecting section, relative to it.
    var collected: [ConfigEntry] = []
    /// `memberaddr` values of an interface's member sections.
    var members: [ConfigEntry] = []
    /// Number of `node` sections opened so far (for `nodelist`).
    var nodeCount = 0
}

extension ParserState {
    mutating func open(_ name: String, line: Int, text: String) throws(ConfigError) {
        let parent = stack[stack.count - 1]
        var frame = ParserFrame(kind: .plain, path: parent.path.isEmpty ? name : "\(parent.path).\(name)", name: name, line: line)
        switch parent.kind {
        case .uidgid:
            throw error(.badUidGid, line, key: "uidgid", "uidgid: expected no subsection other than uidgid", text)
        case .loggerSubsys, .loggingDaemon, .member:
            throw error(.notKeyValue, line, key: parent.path, "expected no subsection in \(parent.name)", text)
        case .interface:
            guard name == "member" else {
                throw error(.notKeyValue, line, key: parent.path, "expected only member subsections in interface", text)
            }
            frame.kind = .member
        case .plain:
            switch (parent.path, name) {
            case ("", "uidgid"): frame.kind = .uidgid
            case ("nodelist", "node"):
                frame.path = "nodelist.node.\(parent.nodeCount)"
                stack[stack.count - 1].nodeCount += 1
            case ("logging", "logger_subsys"): frame.kind = .loggerSubsys
            case ("logging", "logging_daemon"): frame.kind = .loggingDaemon
            case ("totem", "interface"): frame.kind = .interface
            default: break
            }
        }
        guard frame.path.utf8.count <= ConfigParser.maximumPathLength else {
            throw error(.pathTooLong, line, key: parent.path, "start of section makes total cmap path too long", text)
        }
        if frame.kind == .plain || frame.kind == .uidgid { config.sectionLines[frame.path] = line }
        stack.append(frame)
    }

    mutating func add(key: String, value: String, line: Int) throws(ConfigError) {
        let top = stack.count - 1
        let frame = stack[top]
        let entry = ConfigEntry(key: key, value: value, line: line)
        switch frame.kind {
        case .plain:
            try store(ConfigEntry(key: frame.path.isEmpty ? key : "\(frame.path).\(key)", value: value, line: line))
        case .uidgid:
            guard key == "uid" || key == "gid" else {
                throw error(.badUidGid, line, key: "uidgid.\(key)", "uidgid: expected only uid and gid items", value)
            }
            try store(ConfigEntry(key: "uidgid.\(key).\(value)", value: "1", line: line))
        case .loggerSubsys, .loggingDaemon:
            stack[top].collected.append(entry)
        case .interface:
            if key == "linknumber" || key == "ringnumber", CmapValueType.u8.integer(from: value) == nil {
                throw ConfigKeyTypes.rangeError(
                    file: file, line: line, key: "totem.interface.\(key)", value: value, type: .u8)
            }
            stack[top].collected.append(entry)
        case .member:
            guard key == "memberaddr" else {
                throw error(.notKeyValue, line, key: "\(frame.path).\(key)", "expected only memberaddr in member", value)
            }
            stack[top].collected.append(entry)
        }
    }

    mutating func close(line: Int) throws(ConfigError) {
        let frame = stack.removeLast()
        switch frame.kind {
        case .plain, .uidgid:
            break
        case .member:
            if let address = frame.collected.last { stack[stack.count - 1].members.append(address) }
        case .loggerSubsys:
            guard let subsys = frame.collected.last(where: { $0.key == "subsys" }) else {
                throw error(.missingSubsys, line, key: frame.path, "expected a subsys key in logger_subsys", nil)
            }
            try storeAll(frame.collected, under: "\(frame.path).\(subsys.value)")
        case .loggingDaemon:
            guard let name = frame.collected.last(where: { $0.key == "name" }) else {
                throw error(.missingDaemonName, line, key: frame.path, "expected a name key in logging_daemon", nil)
            }
            var path = "\(frame.path).\(name.value)"
            if let subsys = frame.collected.last(where: { $0.key == "subsys" }) { path += ".\(subsys.value)" }
            try storeAll(frame.collected, under: path)
        case .interface:
            let link = frame.collected.last { $0.key == "linknumber" || $0.key == "ringnumber" }
            let path = "\(frame.path).\(link.flatMap { CmapValueType.u8.integer(from: $0.value) } ?? 0)"
            config.sectionLines[path] = frame.line
            try storeAll(frame.collected.filter { $0.key != "linknumber" && $0.key != "ringnumber" }, under: path)
            for (index, member) in frame.members.enumerated() {
                try store(ConfigEntry(key: "\(path).member.\(index)", value: member.value, line: member.line))
            }
        }
    }

    private mutating func storeAll(_ entries: [ConfigEntry], under path: String) throws(ConfigError) {
        for entry in entries {
            try store(ConfigEntry(key: "\(path).\(entry.key)", value: entry.value, line: entry.line))
        }
    }

    private mutating func store(_ entry: ConfigEntry) throws(ConfigError) {
        guard entry.key.utf8.count <= ConfigParser.maximumPathLength else {
            throw error(.pathTooLong, entry.line, key: nil, "new key makes total cmap path too long", entry.key)
        }
        try config.insert(entry)
    }
}
