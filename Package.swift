// swift-tools-version: 6.2
import PackageDescription

/// Strict settings for every target of ours: Swift 6 language mode (complete concurrency checking)
/// and warnings treated as errors.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-totem",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Totem", targets: ["Totem"]),
        .library(name: "TotemSimulator", targets: ["TotemSimulator"]),
    ],
    // totem-sim (Sources/totem-sim) is written but not declared yet: it needs a real core.
    // When TotemCore lands, add `extension TotemCore: SimulatedNode {}` and:
    //   dependencies: [.package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")]
    //   products:     .executable(name: "totem-sim", targets: ["totem-sim"])
    //   targets:      .executableTarget(name: "totem-sim", dependencies: ["TotemSimulator", "Totem",
    //                     .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict)
    dependencies: [],
    targets: [
        .target(name: "Totem", swiftSettings: strict),
        .target(name: "TotemSimulator", dependencies: ["Totem"], swiftSettings: strict),
        .testTarget(name: "TotemTests", dependencies: ["Totem"], swiftSettings: strict),
        .testTarget(name: "SimulationTests", dependencies: ["TotemSimulator", "Totem"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
