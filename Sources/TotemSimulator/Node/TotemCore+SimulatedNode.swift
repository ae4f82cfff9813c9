import Totem

/// The real protocol core runs in the simulator as is.
extension TotemCore: SimulatedNode {}
