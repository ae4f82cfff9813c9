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
        .library(name: "ClusterEngine", targets: ["ClusterEngine"]),
        .executable(name: "totemd", targets: ["totemd"]),
        .executable(name: "totem-bench", targets: ["totem-bench"]),
        .executable(name: "totem-probe", targets: ["totem-probe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "Totem", swiftSettings: strict),
        .target(
            name: "ClusterEngine",
            dependencies: [
                "Totem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "totemd",
            dependencies: [
                "Totem",
                "ClusterEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TotemTests", dependencies: ["Totem"], swiftSettings: strict),
        .testTarget(name: "IntegrationTests", dependencies: ["Totem"], swiftSettings: strict),
        .testTarget(name: "InteropTests", dependencies: ["totemd"], swiftSettings: strict),
        .target(name: "VoteQuorum", dependencies: ["Totem"], swiftSettings: strict),
        .testTarget(name: "VoteQuorumTests", dependencies: ["VoteQuorum", "Totem"], swiftSettings: strict),
        // Benchmarks (Bench/README.md): never part of `swift test`.
        .executableTarget(
            name: "totem-bench",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Bench/Sources/totem-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "totem-probe",
            dependencies: ["Totem", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Bench/Sources/totem-probe",
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
