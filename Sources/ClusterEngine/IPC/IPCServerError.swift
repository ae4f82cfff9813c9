/// Why the IPC server could not start.
public struct IPCServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What failed, with the path.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
