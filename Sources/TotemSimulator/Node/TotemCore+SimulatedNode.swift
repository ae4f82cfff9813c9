import Totem

/// The real ring core runs in the simulator as is.
extension TotemCore: SimulatedNode {
    /// Every effect is the ring's; a bare ring reports no quorum.
    public static func outputs(of effects: [TotemEffect]) -> SimulatedOutputs {
        SimulatedOutputs(ring: effects)
    }
}
