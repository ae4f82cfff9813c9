import Totem

/// Helpers shared by the wire and framing tests: hex captures and hand-written byte swapping.
enum WireTestSupport {
    /// One field of a packed layout, for building big-endian variants of captured datagrams.
    enum Field {
        /// A multi-byte integer of this width, byte-swapped in the big-endian variant.
        case int(Int)
        /// Bytes left as they are (target_nodeid, padding, names, payload).
        case raw(Int)
    }

    /// Parses a hex dump as printed in the spec: optional `0000:` offsets, whitespace
    /// separated byte pairs.
    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n") {
            let body = line.split(separator: ":", maxSplits: 1).last ?? line[...]
            for token in body.split(separator: " ") {
                guard let byte = UInt8(token, radix: 16) else {
                    fatalError("bad hex token \(token) in test data")
                }
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// `bytes` with every `.int` field of `layout` reversed; bytes after the layout stay as is.
    static func byteSwapped(_ bytes: [UInt8], _ layout: [Field]) -> [UInt8] {
        var out = bytes
        var offset = 0
        for field in layout {
            switch field {
            case .int(let width):
                out.replaceSubrange(offset..<(offset + width), with: bytes[offset..<(offset + width)].reversed())
                offset += width
            case .raw(let width):
                offset += width
            }
        }
        precondition(offset <= bytes.count, "layout of \(offset) bytes longer than datagram of \(bytes.count)")
        return out
    }

    /// The 13-byte totem header (target_nodeid is not converted by corosync, so stays raw).
    static let header: [Field] = [.int(2), .int(1), .int(1), .int(1), .int(4), .raw(4)]
    /// A 12-byte ring id.
    static let ring: [Field] = [.int(4), .int(8)]

    static func orfLayout(rtrCount: Int) -> [Field] {
        var layout = header + [.int(4), .int(4), .int(4), .int(4)] + ring + [.int(4), .int(4), .int(4), .int(4)]
        for _ in 0..<rtrCount { layout += ring + [.int(4)] }
        return layout
    }

    static let mcastLayout: [Field] = header + [.int(4), .int(4), .int(4)] + ring + [.int(4), .int(4)]
    static let mergeDetectLayout: [Field] = header + [.int(4)] + ring
    static let holdCancelLayout: [Field] = header + ring

    static func joinLayout(entries: Int) -> [Field] {
        header + [.int(4), .int(4), .int(4), .int(8)] + Array(repeating: .int(4), count: entries)
    }

    static func commitLayout(members: Int) -> [Field] {
        var layout = header + [.int(4)] + ring + [.int(4), .int(4), .int(4)]
        layout += Array(repeating: .int(4), count: members)
        for _ in 0..<members { layout += ring + [.int(4), .int(4), .int(4)] }
        return layout
    }

    /// A totempg packet header with `pieces` length entries.
    static func totempgLayout(pieces: Int) -> [Field] {
        [.int(2), .int(2), .int(1), .int(1), .int(2)] + Array(repeating: .int(2), count: pieces)
    }

    /// A group header with `groups` names of the given total length.
    static func groupLayout(groups: Int) -> [Field] {
        [.int(2)] + Array(repeating: .int(2), count: groups)
    }

    /// The libqb request header.
    static let serviceLayout: [Field] = [.int(4), .raw(4), .int(4), .raw(4)]
}
