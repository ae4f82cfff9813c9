import Totem

/// votequorum QDEVICE_RECONFIGURE (id 0x00050003, 528 bytes): the quorum device was renamed.
///
/// ```
/// +0   service header (16)
/// +16  char oldname[255]
/// +271 char newname[255]
/// +526 2 bytes tail padding (the struct is rounded to 8)
/// ```
public struct QDeviceRename: Hashable, Sendable {
    /// The function id within the votequorum service.
    public static let function: UInt16 = 3
    /// Encoded size in bytes.
    public static let size = 528

    /// The name receivers must currently know for the rename to apply.
    public var oldName: String
    /// The new name.
    public var newName: String

    /// Creates a QDEVICE_RECONFIGURE body.
    public init(oldName: String, newName: String) {
        self.oldName = oldName
        self.newName = newName
    }

    /// Reads the body that follows the service header.
    static func decodeBody(_ reader: inout WireReader) throws(WireError) -> QDeviceRename {
        let old = try QDeviceName.decode(&reader)
        let new = try QDeviceName.decode(&reader)
        return QDeviceRename(oldName: old, newName: new)
    }

    /// Appends the body and its zeroed tail padding.
    func encodeBody(into writer: inout WireWriter) {
        QDeviceName.encode(oldName, into: &writer)
        QDeviceName.encode(newName, into: &writer)
        writer.zeros(Self.size - ServiceHeader.size - 2 * QDeviceName.fieldSize)
    }
}
