/// Turns a host name from corosync.conf (`ring0_addr: master-cr`) into IP addresses.
///
/// The configuration layer is pure; the runtime supplies `SystemResolver` (getaddrinfo, so
/// `/etc/hosts` works) and tests supply a table.
public protocol AddressResolver {
    /// The textual IP addresses `name` resolves to, in the resolver's order; empty if none.
    func addresses(of name: String) -> [String]
}

/// What this machine is, for finding the local node of a nodelist.
public protocol LocalAddressProvider {
    /// The machine's node name (`uname -n`).
    var nodeName: String { get }
    /// The textual IP addresses of every local interface.
    var addresses: [String] { get }
}

/// An ``AddressResolver`` backed by a fixed table, for tests and for configs that use only
/// IP literals.
public struct StaticResolver: AddressResolver, Hashable, Sendable {
    /// Name to addresses.
    public var table: [String: [String]]

    /// Makes a resolver answering from `table`.
    public init(_ table: [String: [String]] = [:]) { self.table = table }

    /// The table's entry for `name`, or nothing.
    public func addresses(of name: String) -> [String] { table[name] ?? [] }
}

/// A ``LocalAddressProvider`` with fixed answers, for tests.
public struct StaticLocalAddresses: LocalAddressProvider, Hashable, Sendable {
    /// The node name.
    public var nodeName: String
    /// The local addresses.
    public var addresses: [String]

    /// Makes a provider with fixed answers.
    public init(nodeName: String = "localhost-test", addresses: [String]) {
        self.nodeName = nodeName
        self.addresses = addresses
    }
}
