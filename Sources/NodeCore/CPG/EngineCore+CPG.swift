import Totem

extension EngineCore {
    /// Local process `pid` joins `group`; its PROCJOIN is multicast (or held while a sync
    /// runs). The member hears the group once the ring delivers it (a membership event).
    /// - Throws: ``CPGError`` as ``CPGService/join(group:pid:)``.
    public mutating func cpgJoin(group: CPGGroupName, pid: UInt32) throws(CPGError) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        sendCPG(try cpg.join(group: group, pid: pid), into: &effects)
        return effects
    }

    /// Local member `pid` leaves `group`; it hears its own leave, then nothing more.
    /// - Throws: ``CPGError`` as ``CPGService/leave(group:pid:)``.
    public mutating func cpgLeave(group: CPGGroupName, pid: UInt32) throws(CPGError) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        sendCPG(try cpg.leave(group: group, pid: pid), into: &effects)
        return effects
    }

    /// Local member `pid` multicasts `payload` to `group`.
    /// - Throws: ``CPGError/notJoined(group:pid:)`` unless it joined.
    public mutating func cpgMulticast(group: CPGGroupName, pid: UInt32, payload: [UInt8]) throws(CPGError) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        sendCPG(try cpg.multicast(group: group, pid: pid, payload: payload), into: &effects)
        return effects
    }

    /// Multicasts a local member's message now, or holds it until the running sync completed:
    /// a PROCJOIN or MCAST that landed between our JOINLIST and the cpg activation would be
    /// dropped as a zombie, or be delivered on a member list that is not yet agreed.
    mutating func sendCPG(_ message: CPGExecMessage, into effects: inout [EngineEffect]) {
        let bytes = message.encode()
        if sync.isComplete && cpgHeld.isEmpty {
            effects.append(.multicast(group: GroupHeader.services, payload: bytes, guarantee: .agreed))
        } else {
            cpgHeld.append(bytes)
        }
    }

    /// How many local members' messages wait for the running sync to complete.
    public var heldMessageCount: Int { cpgHeld.count }

    /// Sends what ``sendCPG(_:into:)`` held, in order, once a sync completed.
    mutating func releaseHeldCPGMessages(into effects: inout [EngineEffect]) {
        for bytes in cpgHeld {
            effects.append(.multicast(group: GroupHeader.services, payload: bytes, guarantee: .agreed))
        }
        cpgHeld = []
    }

    /// A cpg exec message delivered by the ring: events for local members.
    mutating func handleCPG(_ message: DeliveredMessage, effects: inout [EngineEffect]) {
        let decoded: CPGExecMessage?
        do {
            decoded = try CPGExecMessage.decode(message.payload)
        } catch {
            effects.append(.log(subsystem: "CPG", message: "dropped a malformed cpg message from node \(message.sender): \(error)"))
            return
        }
        guard let decoded else { return }
        effects += cpg.receive(decoded, from: message.sender).map(EngineEffect.cpg)
    }
}
