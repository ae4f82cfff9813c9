/// Turns a host name from corosync.conf (`ring0_addr: master-cr`) into IP addresses.
///
/// The configuration layer is pure; the runtime supplies `SystemResolver` (getaddrinfo, so
/// `/etc/hosts` works) and tests supply a table.
public protocol AddressResolver {
    /// The textual IP addresses `name` resolves to, in the resolver's order; empty if none.
    func addresses(of name: String) -> [String]
}

/// What this machine is, for finding the local node of a nodelist (and the users and groups
/// a `uidgid` section names).
public protocol LocalAddressProvider {
    /// The machine's node name (`uname -n`).
    var nodeName: String { get }
    /// The textual IP addresses of every local interface.
    var addresses: [String] { get }
    /// True when this machine has a user called `name` (default: every name is accepted).
    func hasUser(_ name: String) -> Bool
    /// True when this machine has a group called `name` (default: every name is accepted).
    func hasGroup(_ name: String) -> Bool
}

extension LocalAddressProvider {
    /// Accepts every user name.
    public func hasUser(_ name: String) -> Bool { true }
    /// Accepts every group name.
    public func hasGroup(_ name: String) -> Bool { true }
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
    /// The user names; nil accepts every name.
    public var users: Set<String>?
    /// The group names; nil accepts every name.
    public var groups: Set<String>?

    /// Makes a provider with fixed answers.
    public init(
        nodeName: String = "localhost-test", addresses: [String], users: Set<String>? = nil, groups: Set<String>? = nil
    ) {
        self.nodeName = nodeName
        self.addresses = addresses
        self.users = users
        self.groups = groups
    }

    /// True when `name` is one of ``users`` (or there is no list).
    public func hasUser(_ name: String) -> Bool { users?.contains(name) ?? true }
    /// True when `name` is one of ``groups`` (or there is no list).
    public func hasGroup(_ name: String) -> Bool { groups?.contains(name) ?? true }
}
