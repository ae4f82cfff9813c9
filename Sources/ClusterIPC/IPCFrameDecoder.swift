/// Splits a byte stream into frames. Feed it whatever the socket delivered with ``append(_:)``,
/// then call ``next()`` until it returns nil (more bytes needed).
///
/// Only framing is checked here (the length bounds); version and kind are checked by whoever
/// interprets the frame, so that a frame with a bad version still yields its request id for the
/// error reply. After a thrown error the stream cannot be re-synchronised: close it.
public struct IPCFrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates an empty decoder.
    public init() {}

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    /// - Throws: ``IPCError/frameTooLarge(length:)`` or ``IPCError/frameTooShort(length:)`` as
    ///   soon as the length field is known.
    public mutating func next() throws(IPCError) -> IPCFrame? {
        guard bufferedByteCount >= 4 else { return nil }
        let length = readU32(at: start)
        guard length <= IPCProtocol.maximumLength else { throw .frameTooLarge(length: length) }
        guard length >= IPCProtocol.lengthOverhead else { throw .frameTooShort(length: length) }
        let total = 4 + Int(length)
        guard bufferedByteCount >= total else { return nil }
        let version = UInt16(buffer[start + 4]) | UInt16(buffer[start + 5]) << 8
        let kind = UInt16(buffer[start + 6]) | UInt16(buffer[start + 7]) << 8
        let requestID = readU32(at: start + 8)
        let body = Array(buffer[(start + IPCProtocol.headerSize)..<(start + total)])
        start += total
        if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        return IPCFrame(version: version, kind: IPCKind(rawValue: kind), requestID: requestID, body: body)
    }

    /// The request id of the frame at the head of the buffer, if its header has arrived (used
    /// to address the error reply to a frame that was refused).
    public var pendingRequestID: UInt32? {
        bufferedByteCount >= IPCProtocol.headerSize ? readU32(at: start + 8) : nil
    }

    /// Call at end of stream: throws ``IPCError/incompleteFrame(expected:available:)`` when a
    /// partial frame is left.
    public func finish() throws(IPCError) {
        guard bufferedByteCount > 0 else { return }
        let expected = bufferedByteCount >= 4 ? 4 + Int(readU32(at: start)) : 4
        throw .incompleteFrame(expected: expected, available: bufferedByteCount)
    }

    /// Decodes exactly one frame from `bytes` (no more, no less).
    public static func decodeSingle(_ bytes: [UInt8]) throws(IPCError) -> IPCFrame {
        var decoder = IPCFrameDecoder()
        decoder.append(bytes)
        guard let frame = try decoder.next() else {
            try decoder.finish()
            throw .incompleteFrame(expected: 4, available: 0)
        }
        guard decoder.bufferedByteCount == 0 else { throw .trailingBytes(count: decoder.bufferedByteCount) }
        return frame
    }

    private func readU32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2]) << 16
            | UInt32(buffer[index + 3]) << 24
    }
}
