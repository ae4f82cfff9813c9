import Totem

extension CPGExecMessage {
    /// Decodes a cpg exec message (the 16-byte service header included); nil for a function
    /// we do not act on (4 DOWNLIST_OLD, unknown ones), as stock nodes drop them.
    ///
    /// `size` in the header is checked against the bytes received: a JOINLIST is read up to
    /// `size` only (stock receivers iterate until it), an MCAST's payload must fit. Malformed
    /// input throws, never traps.
    public static func decode(_ bytes: [UInt8], swapped: Bool = false) throws(WireError) -> CPGExecMessage? {
        var reader = WireReader(bytes, swapped: swapped)
        let header = try ServiceHeader.decode(&reader)
        guard header.service == ServiceMessages.Service.cpg else {
            throw .invalidField(field: "service", value: Int64(header.service))
        }
        let size = Int(header.size)
        guard size >= ServiceHeader.size, size <= bytes.count else {
            throw .invalidField(field: "header.size", value: Int64(header.size))
        }
        switch header.function {
        case 0, 1:
            let group = try CPGGroupName.decode(&reader)
            let pid = try reader.u32()
            try reader.skip(4)
            let rawReason = try reader.u32()
            // A reason we do not know is passed on as what a PROCLEAVE without one means.
            let reason = CPGReason(rawValue: rawReason) ?? (header.function == 0 ? .join : .leave)
            return header.function == 0
                ? .procJoin(group: group, pid: pid, reason: reason) : .procLeave(group: group, pid: pid, reason: reason)
        case 2:
            try reader.skip(joinListHeaderSize - ServiceHeader.size)
            var entries: [JoinListEntry] = []
            while reader.offset + joinListEntrySize <= size {
                let pid = try reader.u32()
                try reader.skip(4)
                entries.append(JoinListEntry(pid: pid, group: try CPGGroupName.decode(&reader)))
            }
            return .joinList(entries)
        case 3:
            let group = try CPGGroupName.decode(&reader)
            let length = Int(try reader.u32())
            try reader.skip(4)
            let pid = try reader.u32()
            try reader.skip(4)
            let source = try reader.nodeID()
            try reader.skip(12)
            guard mcastHeaderSize + length <= size else {
                throw .invalidField(field: "mcast.msglen", value: Int64(length))
            }
            return .mcast(group: group, pid: pid, sourceNode: source, payload: try reader.bytes(length))
        case 5:
            let old = try reader.u32()
            try reader.skip(4)
            let count = try reader.u32()
            try reader.skip(4)
            guard count <= UInt32(downlistCapacity) else {
                throw .countOutOfRange(field: "downlist.left_nodes", value: Int64(count), limit: downlistCapacity)
            }
            var left: [NodeID] = []
            for _ in 0..<count { left.append(try reader.nodeID()) }
            return .downlist(oldMembers: old, left: left)
        case 6:
            let group = try CPGGroupName.decode(&reader)
            let length = try reader.u32()
            try reader.skip(4)
            let fragmentLength = Int(try reader.u32())
            try reader.skip(4)
            let pid = try reader.u32()
            try reader.skip(4)
            let rawType = try reader.u32()
            try reader.skip(4)
            let source = try reader.nodeID()
            try reader.skip(12)
            guard let type = PartialType(rawValue: rawType) else {
                throw .invalidField(field: "partial_mcast.type", value: Int64(rawType))
            }
            guard partialMcastHeaderSize + fragmentLength <= size else {
                throw .invalidField(field: "partial_mcast.fraglen", value: Int64(fragmentLength))
            }
            return .partialMcast(group: group, pid: pid, messageLength: length, type: type, sourceNode: source,
                                 fragment: try reader.bytes(fragmentLength))
        default:
            return nil
        }
    }
}
