/// The kind of an open section (corosync's `main_cp_cb_data_state`): set by the section's full
/// dotted path, inherited by its subsections.
enum SectionState {
    case normal, totem, system, interface, loggerSubsys, loggingDaemon, uidgid, member, quorum, qdevice
    case nodelist, nodelistNode, resources
    /// `resources.system`, `resources.process` and their `memory_used`: `poll_period` is a u64.
    case resourcesPoll

    /// The kind a section of `path` gets, or nil when it inherits its parent's.
    static func of(path: String) -> SectionState? {
        switch path {
        case "totem.interface": .interface
        case "totem": .totem
        case "system": .system
        case "logging.logger_subsys": .loggerSubsys
        case "logging.logging_daemon": .loggingDaemon
        case "uidgid": .uidgid
        case "totem.interface.member": .member
        case "quorum": .quorum
        case "quorum.device": .qdevice
        case "nodelist": .nodelist
        case "nodelist.node": .nodelistNode
        case "resources": .resources
        case "resources.system", "resources.system.memory_used", "resources.process",
            "resources.process.memory_used":
            .resourcesPoll
        default: nil
        }
    }
}

/// One open section while parsing.
struct ParserFrame {
    var state: SectionState
    /// The dotted path, bytes as written (`totem.interface`).
    var path: [UInt8]
    /// The section name as written.
    var name: [UInt8]
    /// Line of the opening `{`.
    var line: Int

    /// The path as errors show it.
    var pathText: String { ConfigText.printable(bytes: path) }
}

extension ParserState {
    mutating func open(_ name: ArraySlice<UInt8>, line: Int, text: String) throws(ConfigError) {
        let parent = stack[stack.count - 1]
        if parent.state == .loggerSubsys || parent.state == .loggingDaemon {
            throw error(
                .unsupportedSubsection, line, key: parent.pathText,
                "expected no subsection in \(ConfigText.printable(bytes: parent.name)) "
                    + "(corosync 3.1.7 crashes on one)",
                text)
        }
        guard parent.path.count + name.count + 1 <= ConfigParser.maximumPathLength else {
            throw error(
                .pathTooLong, line, key: parent.pathText, "start of section makes total cmap path too long", text)
        }
        let path = parent.path.isEmpty ? Array(name) : parent.path + [Byte.dot] + name
        let pathString = ConfigText.decode(path)
        var frame = ParserFrame(state: parent.state, path: path, name: Array(name), line: line)
        if let state = SectionState.of(path: pathString) { frame.state = state }
        switch pathString {
        case "totem.interface": interface = InterfaceItems()
        case "logging.logger_subsys", "logging.logging_daemon": logging = LoggingItems()
        case "nodelist": nodeNumber = 0
        default: break
        }
        if frame.state == .nodelistNode {
            if pathString == "nodelist.node" { config.sectionLines["nodelist.node.\(nodeNumber)"] = line }
        } else if frame.state != .interface {
            config.sectionLines[pathString] = line
        }
        stack.append(frame)
    }

    mutating func close(line: Int) throws(ConfigError) {
        let frame = stack.removeLast()
        switch frame.state {
        case .interface: try closeInterface(frame, line: line)
        case .loggerSubsys: try closeLoggerSubsys(frame, line: line)
        case .loggingDaemon: try closeLoggingDaemon(frame, line: line)
        case .nodelistNode: nodeNumber += 1
        default: break
        }
    }
}
