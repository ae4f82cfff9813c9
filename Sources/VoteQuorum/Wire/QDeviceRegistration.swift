import Totem

/// votequorum QDEVICE_REG (id 0x00050002, 280 bytes): a quorum device (un)registers on the sender.
///
/// ```
/// +0  service header (16)
/// +16 u32 operation   (0 UNREGISTER, 1 REGISTER)
/// +20 char name[255]  NUL-terminated
/// +275 5 bytes tail padding (the struct is rounded to 8)
/// ```
public struct QDeviceRegistration: Hashable, Sendable {
    /// The function id within the votequorum service.
    public static let function: UInt16 = 2
    /// Encoded size in bytes.
    public static let size = 280

    /// The `operation` word (unknown values decode; stock receivers ignore them).
    public struct Operation: RawRepresentable, Hashable, Sendable {
        /// The 32-bit value on the wire.
        public var rawValue: UInt32
        /// Wraps a raw operation.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The device unregisters.
        public static let unregister = Operation(rawValue: 0)
        /// The device registers.
        public static let register = Operation(rawValue: 1)
    }

    /// Register or unregister.
    public var operation: Operation
    /// The device name (at most 254 bytes are sent).
    public var name: String

    /// Creates a QDEVICE_REG body.
    public init(operation: Operation, name: String) {
        self.operation = operation
        self.name = name
    }

    /// Reads the body that follows the service header.
    static func decodeBody(_ reader: inout WireReader) throws(WireError) -> QDeviceRegistration {
        let operation = Operation(rawValue: try reader.u32())
        let name = try QDeviceName.decode(&reader)
        return QDeviceRegistration(operation: operation, name: name)
    }

    /// Appends the body and its zeroed tail padding.
    func encodeBody(into writer: inout WireWriter) {
        writer.u32(operation.rawValue)
        QDeviceName.encode(name, into: &writer)
        writer.zeros(Self.size - ServiceHeader.size - 4 - QDeviceName.fieldSize)
    }
}
