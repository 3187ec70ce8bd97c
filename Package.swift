// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        // What operators run: the dashboard, --once, feedback.
        .executable(name: "vigil", targets: ["vigil"]),
        // The lab: evaluation, benchmarks, the sample-data generator and test helpers. Never linked into `vigil`.
        .executable(name: "vigil-lab", targets: ["VigilLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        // Sources by origin. Replay of recordings and the formats every source shares (OpenMetrics
        // text, RFC 3339, Alertmanager's alert JSON): Foundation only.
        .target(name: "VigilSources", dependencies: ["VigilCore"]),
        // Log files, stdin, the journal and the syslog receiver (UDP, TCP, TLS: SwiftNIO).
        .target(name: "VigilLogSources", dependencies: [
            "VigilCore", "VigilSources",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Prometheus and Alertmanager: HTTP clients (async-http-client: it can trust a CA file), the
        // live collector, dashboard profiles and connection settings (YAML). The heavy dependencies
        // sit here only.
        .target(name: "VigilPrometheus", dependencies: [
            "VigilCore", "VigilSources",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // Detectors' mathematics: pure, streaming, no screen.
        .target(name: "VigilDetect", dependencies: ["VigilCore"]),
        // The detection engine: ingestion, per-series and per-template state, the raise policy, the
        // one verdict path. No terminal, no drawing, no sources.
        .target(name: "VigilEngine", dependencies: ["VigilCore", "VigilDetect"]),
        // The fact store: anomalies and operators' verdicts in SQLite (GRDB), export and import.
        .target(name: "VigilFacts", dependencies: ["VigilCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Wiring shared by every front end: paths, state directory, live clients, the verdict store, logging.
        .target(name: "VigilRuntime", dependencies: [
            "VigilCore", "VigilSources", "VigilPrometheus", "VigilEngine", "VigilFacts", "VigilTerminal",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `vigil serve`: the engine's state as Prometheus metrics (our writer: docs/DECISIONS.md), the HTTP
        // endpoints (Hummingbird: /metrics, /-/healthy, /-/ready) and readiness bookkeeping.
        .target(name: "VigilServe", dependencies: [
            "VigilCore", "VigilDetect", "VigilEngine",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Model, Msg, update, view, screens, key map.
        .target(name: "VigilApp", dependencies: ["VigilCore", "VigilTerminal", "VigilSources", "VigilDetect", "VigilEngine"]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilApp", "VigilCurses", "VigilTerminal", "VigilCore", "VigilSources", "VigilLogSources", "VigilPrometheus",
            "VigilEngine", "VigilFacts", "VigilRuntime", "VigilServe",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The recorded incident's generator (sample-data/), for the lab and tests.
        .target(name: "VigilGenerator", dependencies: ["VigilCore", "VigilSources"]),
        // Pure fakes for unit tests: an HTTP server on loopback, test certificates.
        .target(name: "VigilTestFakes", dependencies: [
            "VigilCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Real Prometheus, Alertmanager and node_exporter on loopback, process helpers, backfill.
        .target(name: "VigilLiveHarness", dependencies: ["VigilCore", "VigilSources", "VigilGenerator"]),
        // vigil-lab: evaluation (NAB, LogHub, triage), benchmarks, sample-data generation.
        .executableTarget(name: "VigilLab", dependencies: [
            "VigilApp", "VigilCurses", "VigilTerminal", "VigilCore", "VigilSources", "VigilLogSources", "VigilPrometheus",
            "VigilDetect", "VigilEngine", "VigilFacts",
            "VigilRuntime", "VigilGenerator", "VigilLiveHarness", "VigilTestFakes", "VigilServe",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal"]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilSourcesTests", dependencies: [
            "VigilSources", "VigilLogSources", "VigilPrometheus", "VigilCore", "VigilGenerator", "VigilTestFakes",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Integration tests against real Prometheus, Alertmanager and node_exporter (started by the tests).
        .testTarget(name: "VigilLiveTests", dependencies: ["VigilSources", "VigilPrometheus", "VigilCore", "VigilApp", "VigilEngine",
                                                           "VigilGenerator", "VigilLiveHarness", "VigilTestFakes"]),
        .testTarget(name: "VigilDetectTests", dependencies: ["VigilDetect", "VigilCore", "VigilGenerator"]),
        .testTarget(name: "VigilEngineTests", dependencies: ["VigilEngine", "VigilDetect", "VigilCore"]),
        .testTarget(name: "VigilServeTests", dependencies: [
            "VigilServe", "VigilEngine", "VigilDetect", "VigilCore", "VigilRuntime",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "VigilFactsTests", dependencies: ["VigilFacts", "VigilCore", "VigilLiveHarness"]),
        .testTarget(name: "VigilRuntimeTests", dependencies: ["VigilRuntime", "VigilEngine", "VigilFacts", "VigilSources",
                                                             "VigilPrometheus", "VigilCore"]),
        .testTarget(name: "VigilAppTests", dependencies: ["VigilApp", "VigilEngine", "VigilTerminal", "VigilSources", "VigilCore"],
                    exclude: ["__Snapshots__"]),
        // Drives the release binary in tmux; spawns with the harness's ProcessRunner and starts real servers.
        .testTarget(name: "EndToEndTests", dependencies: ["VigilLiveHarness", "VigilTestFakes"]),
    ],
    swiftLanguageModes: [.v6]
)
