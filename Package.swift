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
        .library(name: "TotemRuntime", targets: ["TotemRuntime"]),
        .library(name: "VoteQuorum", targets: ["VoteQuorum"]),
        .library(name: "NodeCore", targets: ["NodeCore"]),
        .library(name: "ClusterEngine", targets: ["ClusterEngine"]),
        .library(name: "TotemSimulator", targets: ["TotemSimulator"]),
        .library(name: "ClusterIPC", targets: ["ClusterIPC"]),
        .library(name: "ClusterClient", targets: ["ClusterClient"]),
        .library(name: "CMap", targets: ["CMap"]),
        .library(name: "CorosyncFormat", targets: ["CorosyncFormat"]),
        .executable(name: "totemd", targets: ["totemd"]),
        .executable(name: "cfgtool", targets: ["cfgtool"]),
        .executable(name: "quorumtool", targets: ["quorumtool"]),
        .executable(name: "cmapctl", targets: ["cmapctl"]),
        .executable(name: "totem-sim", targets: ["totem-sim"]),
        .executable(name: "totem-bench", targets: ["totem-bench"]),
        .executable(name: "totem-probe", targets: ["totem-probe"]),
        .executable(name: "totem-fuzz", targets: ["totem-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // The totem protocol: wire codec, SRP core, framing, configuration. Pure.
        .target(name: "Totem", swiftSettings: strict),
        // The ring thread that owns a core, its transport (udpu), clock and state files.
        .target(name: "TotemRuntime", dependencies: ["Totem"], swiftSettings: strict),
        // cmap's typed key-value store with prefix iteration and change tracking: pure.
        .target(name: "CMap", swiftSettings: strict),
        .testTarget(
            name: "CMapTests",
            dependencies: [
                "CMap", "ClusterIPC", "ClusterClient", "ClusterEngine", "NodeCore", "Totem", "TotemRuntime",
                "VoteQuorum",
            ],
            swiftSettings: strict),
        // The IPC wire protocol between totemd and its tools: pure (standard library only).
        .target(name: "ClusterIPC", dependencies: ["CMap"], swiftSettings: strict),
        // corosync's tool text: quorumtool's tables, ctime dates, cmapctl's `key (type) = value`
        // lines and `totemd --check-config`. Pure: formatting only, shared by totemd and tools.
        .target(name: "CorosyncFormat", dependencies: ["Totem", "VoteQuorum"], swiftSettings: strict),
        .testTarget(
            name: "CorosyncFormatTests", dependencies: ["CorosyncFormat", "Totem", "VoteQuorum"],
            swiftSettings: strict),
        // What tools link: a blocking client of totemd's socket and corosync-style formatters
        // (quorumtool's text comes from CorosyncFormat's QuorumToolFormatter).
        .target(
            name: "ClusterClient",
            dependencies: [
                "ClusterIPC", "CorosyncFormat", "VoteQuorum", "Totem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Debian's libqb (libqb-dev): the IPC server stock corosync clients connect to. Linux only.
        // The module map links "qb" and its headers are in /usr/include; no pkgConfig, whose
        // `-pthread` SwiftPM would warn about on every build.
        .systemLibrary(name: "CQB", path: "Sources/CQB", providers: [.apt(["libqb-dev"])]),
        // corosync 3.1.7's client-library messages (libcmap's requests, responses, events): pure.
        .target(name: "CorosyncIPCCodec", dependencies: ["CMap"], swiftSettings: strict),
        // Serves corosync services to stock clients through libqb on one thread of its own
        // (Docs/LibQB.md); without libqb (not Linux) it reports every service unavailable.
        .target(
            name: "CorosyncIPC",
            dependencies: [
                .target(name: "CQB", condition: .when(platforms: [.linux])), "CorosyncIPCCodec",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CorosyncIPCTests",
            dependencies: [
                "CorosyncIPCCodec", "CorosyncIPC", "ClusterEngine", "ClusterIPC", "CMap", "NodeCore", "Totem",
                "TestSupport",
                .target(name: "CQB", condition: .when(platforms: [.linux])),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Captures"],  // stock corosync's bytes, read by the tests (Captures/README.md)
            swiftSettings: strict),
        // One node as a pure state machine: ring + sync + votequorum + cpg + cfg + cmap runtime
        // keys. No I/O, no clock, no threads: the daemon, embedders and the simulator run it.
        .target(name: "NodeCore", dependencies: ["Totem", "VoteQuorum", "CMap"], swiftSettings: strict),
        .target(
            name: "ClusterEngine",
            dependencies: [
                "Totem",
                "TotemRuntime",
                "NodeCore",
                "VoteQuorum",
                "ClusterIPC",
                "CMap",
                "CorosyncIPC",
                "CorosyncIPCCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "totemd",
            dependencies: [
                "Totem",
                "TotemRuntime",
                "VoteQuorum",
                "ClusterEngine",
                "CorosyncFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The README's embedding example, built so that it keeps compiling.
        .executableTarget(
            name: "embedding-example",
            dependencies: [
                "ClusterEngine", "TotemRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/Embedding",
            swiftSettings: strict
        ),
        // Test fixture, not a tool: a Swift embedder of ClusterNode's cpg API for the cpg
        // interop tests (InteropTests depends on it so that `swift test` builds it).
        .executableTarget(
            name: "cpg-probe-fixture",
            dependencies: [
                "ClusterEngine", "Totem", "TotemRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fixtures/cpg-probe-fixture",
            swiftSettings: strict
        ),
        .target(name: "TotemSimulator", dependencies: ["Totem", "VoteQuorum", "NodeCore"], swiftSettings: strict),
        .executableTarget(
            name: "totem-sim",
            dependencies: [
                "TotemSimulator",
                "NodeCore",
                "Totem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cfgtool",
            dependencies: [
                "ClusterClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "quorumtool",
            dependencies: [
                "ClusterClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cmapctl",
            dependencies: [
                "ClusterClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // What several test targets share (offPool); never part of a product.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "TotemTests", dependencies: ["Totem", "TotemRuntime", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "NodeCoreTests", dependencies: ["NodeCore", "CMap", "Totem", "VoteQuorum"], swiftSettings: strict),
        .testTarget(
            name: "ClusterEngineTests",
            dependencies: ["ClusterEngine", "NodeCore", "Totem", "TotemRuntime", "VoteQuorum"],
            swiftSettings: strict),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["TotemSimulator", "NodeCore", "Totem", "VoteQuorum", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "InteropTests",
            dependencies: ["totemd", "quorumtool", "cmapctl", "cpg-probe-fixture", "cfgtool", "TestSupport"],
            exclude: ["Resources"],  // C sources the tests compile (cpg_peer.c)
            swiftSettings: strict),
        .target(name: "VoteQuorum", dependencies: ["Totem"], swiftSettings: strict),
        // CorosyncFormat renders the cores' states to compare them with quorumtool captures.
        .testTarget(
            name: "VoteQuorumTests", dependencies: ["VoteQuorum", "Totem", "CorosyncFormat"], swiftSettings: strict),
        .testTarget(
            name: "ClusterIPCTests",
            dependencies: [
                "ClusterIPC", "ClusterClient", "ClusterEngine", "NodeCore", "Totem", "TotemRuntime", "VoteQuorum",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // totemd, cfgtool and quorumtool are dependencies so that `swift test` builds the binaries
        // these tests run.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ClusterEngine", "Totem", "TotemRuntime", "totemd", "cfgtool", "quorumtool", "cmapctl", "TestSupport",
            ],
            swiftSettings: strict),
        // Benchmarks (Bench/README.md): never part of `swift test`.
        .executableTarget(
            name: "totem-bench",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Bench/Sources/totem-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "totem-probe",
            dependencies: [
                "Totem", "TotemRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Bench/Sources/totem-probe",
            swiftSettings: strict
        ),
        // Live fuzzing of a totemd ring on 127.0.0.x (Bench/README.md): never part of `swift test`.
        .executableTarget(
            name: "totem-fuzz",
            dependencies: [
                "Totem", "TotemRuntime", "ClusterClient", "ClusterIPC", "CMap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Bench/Sources/totem-fuzz",
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
