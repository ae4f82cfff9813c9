import Totem

/// One bare totem node on a real network (udpu): ``TotemCore`` run by a ``RingRuntime``.
///
/// ```swift
/// let ring = try TotemRing(options: TotemRingOptions(config: config, stateDirectory: "/var/lib/corosync"))
/// try ring.start()
/// for await event in ring.events { ... }          // configuration changes and messages, in order
/// try await ring.multicast(bytes, group: Array("app".utf8), guarantee: .safe)
/// await ring.leave()
/// ```
public typealias TotemRing = RingRuntime<TotemCore>

extension RingRuntime where Core == TotemCore {
    /// Prepares a bare ring over udpu (nothing is bound until ``start()``).
    public convenience init(options: TotemRingOptions) throws(SocketError) {
        let nodes = Array(options.peers.keys)
        try self.init(
            nodeID: options.nodeID, transport: UDPUTransport.Factory(nodeID: options.nodeID, peers: options.peers),
            stateDirectory: options.stateDirectory
        ) { [parameters = options.parameters, nodeID = options.nodeID] seq in
            TotemCore(nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: seq)
        }
    }

    /// Submits a message for ordered delivery to every member (this node included).
    /// - Throws: ``SubmitError/queueFull`` (retry later), ``SubmitError/messageTooLarge(size:limit:)``,
    ///   or ``SubmitError/stopped``.
    public func multicast(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee = .agreed) async throws(SubmitError)
    {
        let error: SubmitError?
        do throws(RingStoppedError) {
            error = try await perform { core, now, effects -> SubmitError? in
                do throws(SubmitError) {
                    effects += try core.submit(payload, group: group, guarantee: guarantee, now: now)
                    return nil
                } catch {
                    return error
                }
            }
        } catch {
            throw .stopped
        }
        if let error { throw error }
    }

    /// Runs the ring with new timers and constants (a configuration reload); returns once the
    /// ring thread has taken them (at once when the ring is not running).
    public func setParameters(_ parameters: TotemParameters) async {
        _ = try? await perform { core, _, _ in core.setParameters(parameters) }
    }
}
