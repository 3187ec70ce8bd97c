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
        .target(name: "VigilSources", dependencies: ["VigilCore"]),
        // Detectors: pure, streaming, no screen.
        .target(name: "VigilDetect", dependencies: ["VigilCore"]),
        // Model, Msg, update, view, screens, key map.
        .target(name: "VigilApp", dependencies: ["VigilCore", "VigilTerminal", "VigilSources", "VigilDetect"]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilApp", "VigilCurses", "VigilTerminal", "VigilCore", "VigilSources", "VigilDetect",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "VigilTerminalTests", dependencies: ["VigilTerminal"]),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilSourcesTests", dependencies: ["VigilSources", "VigilCore"]),
        .testTarget(name: "VigilDetectTests", dependencies: ["VigilDetect", "VigilCore"]),
        .testTarget(name: "VigilAppTests", dependencies: ["VigilApp", "VigilTerminal", "VigilSources", "VigilCore"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
