/// A raw test socket call failed (errno).
enum RawSocketError: Error {
    case connect(Int32)
    case read(Int32)
}
