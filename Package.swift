// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The only module that sees ncurses: a system library with a shim header.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        // Cells, buffers, layout, widgets, themes. Foundation only.
        .target(name: "VigilTerminal"),
        // The ncurses backend of VigilTerminal.TerminalBackend.
        .target(name: "VigilCurses", dependencies: ["CNCursesW", "VigilTerminal"]),
        // The domain: samples, alerts, log records, anomalies, clocks, messages.
        .target(name: "VigilCore"),
        // Producers of messages: replay of sample-data (later Prometheus, Alertmanager, logs).
        // Prometheus/Alertmanager clients (async-http-client: it can trust a CA file), dashboard
        // profiles and connection config (YAML), log tailing.
        .target(name: "VigilSources", dependencies: [
            "VigilCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // Test doubles and real-server launchers shared by test targets.
        .target(name: "VigilTestSupport", dependencies: [
            "VigilCore", "VigilSources",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Detectors: pure, streaming, no screen.
        .target(name: "VigilDetect", dependencies: ["VigilCore"]),
        // The fact store: anomalies and operators' verdicts in SQLite (GRDB), export and import.
        .target(name: "VigilFacts", dependencies: ["VigilCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Model, Msg, update, view, screens, key map.
        .target(name: "VigilApp", dependencies: ["VigilCore", "VigilTerminal", "VigilSources", "VigilDetect", "VigilFacts"]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilApp", "VigilCurses", "VigilTerminal", "VigilCore", "VigilSources", "VigilDetect", "VigilFacts",
            // `vigil bench collect` starts a real Prometheus on synthetic data with the test harness.
            "VigilTestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal"]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilSourcesTests", dependencies: ["VigilSources", "VigilCore", "VigilTestSupport"]),
        // Integration tests against real Prometheus, Alertmanager and node_exporter (started by the tests).
        .testTarget(name: "VigilLiveTests", dependencies: ["VigilSources", "VigilCore", "VigilApp", "VigilTestSupport"]),
        .testTarget(name: "VigilDetectTests", dependencies: ["VigilDetect", "VigilCore"]),
        .testTarget(name: "VigilFactsTests", dependencies: ["VigilFacts", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilAppTests", dependencies: ["VigilApp", "VigilTerminal", "VigilSources", "VigilCore"],
                    exclude: ["__Snapshots__"]),
        // Drives the release binary in tmux; spawns with VigilTestSupport's ProcessRunner and starts real servers.
        .testTarget(name: "EndToEndTests", dependencies: ["VigilTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
