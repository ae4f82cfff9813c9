import ArgumentParser
import Totem
import TotemSimulator

// NODE TYPE: the protocol core the simulator drives. The integrator sets this to `TotemCore`
// once it exists (together with `extension TotemCore: SimulatedNode {}`) and declares the
// `totem-sim` target in Package.swift; nothing else needs to change.
typealias SimulatedCore = TotemCore

TotemSimCommand.main()
