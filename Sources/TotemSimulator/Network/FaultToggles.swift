/// Which kinds of fault a swarm run may draw (all on by default). A kind that is off is never
/// chosen, whatever the seed; a kind that is on may still be drawn as "none" by a seed.
public struct FaultToggles: Hashable, Sendable {
    /// Datagram loss.
    public var loss = true
    /// Datagram duplication.
    public var duplication = true
    /// Reordering through delay jitter.
    public var reordering = true
    /// Symmetric and asymmetric partitions.
    public var partitions = true
    /// Crashes, orderly leaves and restarts.
    public var crashes = true
    /// Paused (hung) processes.
    public var pauses = true
    /// Clogged nodes: every link to and from one node becomes very slow for a while.
    public var clogging = true
    /// Messages of 1 KiB and more (up to 1 MiB).
    public var largeMessages = true
    /// Token timeouts other than the defaults.
    public var timers = true
    /// Forged and garbage datagrams from listed addresses (see ``FaultSettings/forgeInterval``).
    public var hostile = true

    /// Everything on.
    public init() {}

    /// Everything on.
    public static let all = FaultToggles()

    /// Everything off: a perfect network with fixed latency, no process faults, small messages.
    public static let none = FaultToggles(
        loss: false, duplication: false, reordering: false, partitions: false, crashes: false,
        pauses: false, clogging: false, largeMessages: false, timers: false, hostile: false)

    /// Creates a set of toggles.
    public init(
        loss: Bool, duplication: Bool, reordering: Bool, partitions: Bool, crashes: Bool, pauses: Bool,
        clogging: Bool, largeMessages: Bool, timers: Bool, hostile: Bool = true
    ) {
        self.loss = loss
        self.duplication = duplication
        self.reordering = reordering
        self.partitions = partitions
        self.crashes = crashes
        self.pauses = pauses
        self.clogging = clogging
        self.largeMessages = largeMessages
        self.timers = timers
        self.hostile = hostile
    }

    /// The command-line flags that turn off what is off here (`--no-loss` ...), as `totem-sim`
    /// accepts them.
    public var disablingFlags: [String] {
        [
            (loss, "--no-loss"), (duplication, "--no-duplication"), (reordering, "--no-reordering"),
            (partitions, "--no-partitions"), (crashes, "--no-crashes"), (pauses, "--no-pauses"),
            (clogging, "--no-clogging"),
            (largeMessages, "--no-large-messages"), (timers, "--no-timer-variation"),
            (hostile, "--no-hostile"),
        ].compactMap { $0.0 ? nil : $0.1 }
    }
}
