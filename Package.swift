// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "Breakwater",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "breakwater", targets: ["breakwater"]),
        .executable(name: "breakwater-fuzz", targets: ["breakwater-fuzz"]),
        .library(name: "BreakwaterCore", targets: ["BreakwaterCore"]),
        .library(name: "BreakwaterEngine", targets: ["BreakwaterEngine"]),
        .library(name: "BreakwaterPipeline", targets: ["BreakwaterPipeline"]),
        .library(name: "BreakwaterTesting", targets: ["BreakwaterTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
    ],
    targets: [
        // The core, which decides: pure values and rules, no I/O.

        // Money, time, identifiers, events, the protocol config and the margin ledger.
        .target(name: "BreakwaterCore", swiftSettings: strictSettings),
        // Streaming detection: the oracle guard and the signals it raises.
        .target(name: "BreakwaterDetection", dependencies: ["BreakwaterCore"], swiftSettings: strictSettings),
        // Automated containment: breakers, limits and the actions they take.
        .target(name: "BreakwaterResponse", dependencies: ["BreakwaterCore"], swiftSettings: strictSettings),
        // Governance rules: the permission matrix, the checks of signed actions, proposals, votes and timelocks
        // (signatures are checked through the SignatureVerifier it declares: no cryptography here).
        .target(name: "BreakwaterGovernance", dependencies: ["BreakwaterCore"], swiftSettings: strictSettings),
        // SHA-256 for the hash chain and module hashes: the BoringSSL that swift-crypto links in.
        .target(
            name: "CBoringSHA256",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        // The deterministic engine that composes ledger, detection, response and governance.
        .target(
            name: "BreakwaterEngine",
            dependencies: [
                "BreakwaterCore", "BreakwaterDetection", "BreakwaterResponse", "BreakwaterGovernance",
                "CBoringSHA256",
            ],
            swiftSettings: strictSettings
        ),

        // What the pipeline reads, signs with and writes.

        // Wire formats: the JSON Lines event stream and the YAML protocol config.
        .target(
            name: "BreakwaterFormats",
            dependencies: [
                "BreakwaterCore", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // Keys: Ed25519 on swift-crypto, key files, signing, and the signature checks the engine is given.
        .target(
            name: "BreakwaterKeys",
            dependencies: [
                "BreakwaterCore", "BreakwaterGovernance", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // secp256k1 for signing transactions: Debian's libsecp256k1 (`apt-get install libsecp256k1-dev`).
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        // The EVM's encodings: Keccak-256, ABI types, event signatures and the decoding of logs; function calls
        // encoded, RLP, and EIP-1559 transactions signed with secp256k1.
        .target(
            name: "BreakwaterEVM",
            dependencies: ["BreakwaterCore", "CSecp256k1", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: strictSettings
        ),
        // What reports share: JSON and text of numbers and times, HTML pages, escaping and SVG charts.
        .target(name: "BreakwaterReportKit", dependencies: ["BreakwaterCore"], swiftSettings: strictSettings),

        // The pipeline: a source's lines decoded into events, the engine driven, its records chained into the
        // journal and batched into a store, snapshots and resume, the report of what was decided, and the seams
        // for sources (EventSource) and sinks (DecisionSink); LivePipeline runs it as a service.
        .target(
            name: "BreakwaterPipeline",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterGovernance", "BreakwaterKeys",
                "BreakwaterReportKit", "BreakwaterResponse", "CBoringSHA256",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Sources, at the edge where events come in.

        // The simulation lab: seeded markets, the attack library and the experiments.
        .target(
            name: "BreakwaterSimulation",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterKeys", "BreakwaterPipeline",
                "BreakwaterReportKit",
            ],
            swiftSettings: strictSettings
        ),
        // Files read to their end or as they grow, standard input, the simulated market played live, and the
        // service that feeds a live pipeline from one of them.
        .target(
            name: "BreakwaterSources",
            dependencies: [
                "BreakwaterCore", "BreakwaterFormats", "BreakwaterPipeline", "BreakwaterSimulation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // An EVM chain: chain.yml, the mapping of logs to events, the JSON-RPC client, the checks of a deployment,
        // the export of blocks as a stream, and the chain as a live source.
        .target(
            name: "BreakwaterChain",
            dependencies: [
                "BreakwaterCore", "BreakwaterEVM", "BreakwaterFormats", "BreakwaterPipeline",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "BigInt", package: "BigInt"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // Sinks, at the edge where decisions go out.

        // The journal on SQLite (GRDB).
        .target(
            name: "BreakwaterStorage",
            dependencies: [
                "BreakwaterPipeline", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: strictSettings
        ),
        // Alerting: incidents to a signed webhook, Slack and PagerDuty Events v2, with severity routing, dedup,
        // retries with backoff and dead letters.
        .target(
            name: "BreakwaterAlerting",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterPipeline", "BreakwaterReportKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The live service assembled (buildApplication): the pipeline on its source, journal and sinks, the live
        // feed, the status board and metrics, and the HTTP API and status page (Hummingbird).
        .target(
            name: "BreakwaterServer",
            dependencies: [
                "BreakwaterAlerting", "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterPipeline",
                "BreakwaterReportKit", "BreakwaterResponse", "BreakwaterSources", "BreakwaterStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Readers at the end of the line.

        // The post-mortem and the counterfactual replays of a journal.
        .target(
            name: "BreakwaterForensics",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterGovernance",
                "BreakwaterPipeline", "BreakwaterReportKit", "BreakwaterResponse",
            ],
            swiftSettings: strictSettings
        ),

        // What tests of code built on Breakwater need: the journal in memory, seeded journals, and the suite every
        // journal store passes.
        .target(
            name: "BreakwaterTesting",
            dependencies: [
                "BreakwaterCore", "BreakwaterFormats", "BreakwaterPipeline", "BreakwaterSimulation",
            ],
            swiftSettings: strictSettings
        ),
        // The fuzz target of the stream readers, built apart with libFuzzer (`-sanitize=fuzzer`), and the weak link
        // to libFuzzer's driver that lets it run as a plain program over a corpus too.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "breakwater-fuzz",
            dependencies: ["BreakwaterCore", "BreakwaterFormats", "CFuzzDriver"],
            swiftSettings: strictSettings
        ),
        // The command-line tool: parsing, then one library call.
        .executableTarget(
            name: "breakwater",
            dependencies: [
                "BreakwaterChain", "BreakwaterCore", "BreakwaterEngine", "BreakwaterEVM", "BreakwaterFormats",
                "BreakwaterForensics", "BreakwaterGovernance", "BreakwaterKeys", "BreakwaterPipeline",
                "BreakwaterReportKit",
                "BreakwaterServer", "BreakwaterSimulation", "BreakwaterSources", "BreakwaterStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // One test target per source target.

        .testTarget(
            name: "BreakwaterEVMTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterEVM", .product(name: "BigInt", package: "BigInt"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CBoringSHA256Tests", dependencies: ["CBoringSHA256"], swiftSettings: strictSettings),
        .testTarget(
            name: "BreakwaterCoreTests",
            dependencies: ["BreakwaterCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterDetectionTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterDetection",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterResponseTests",
            dependencies: ["BreakwaterCore", "BreakwaterResponse"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterGovernanceTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterGovernance", "BreakwaterKeys",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterKeysTests",
            dependencies: ["BreakwaterCore", "BreakwaterGovernance", "BreakwaterKeys"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterEngineTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterDetection", "BreakwaterEngine", "BreakwaterGovernance", "BreakwaterKeys",
                "BreakwaterPipeline", "BreakwaterResponse",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterFormatsTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterFormats", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterReportKitTests",
            dependencies: ["BreakwaterReportKit", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterPipelineTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterPipeline", "BreakwaterSimulation",
                "BreakwaterTesting", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterChainTests",
            dependencies: [
                "BreakwaterChain", "BreakwaterCore", "BreakwaterEngine", "BreakwaterEVM", "BreakwaterFormats",
                "BreakwaterPipeline", "BreakwaterTesting",
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterSourcesTests",
            dependencies: [
                "BreakwaterPipeline", "BreakwaterSources", "BreakwaterTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterTestingTests",
            dependencies: ["BreakwaterPipeline", "BreakwaterTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterStorageTests",
            dependencies: [
                "BreakwaterPipeline", "BreakwaterStorage", "BreakwaterTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterSimulationTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterKeys", "BreakwaterPipeline",
                "BreakwaterSimulation", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterForensicsTests",
            dependencies: [
                "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterForensics", "BreakwaterPipeline",
                "BreakwaterSimulation", "BreakwaterTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterAlertingTests",
            dependencies: [
                "BreakwaterAlerting", "BreakwaterCore", "BreakwaterEngine", "BreakwaterPipeline",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BreakwaterServerTests",
            dependencies: [
                "BreakwaterAlerting", "BreakwaterCore", "BreakwaterEngine", "BreakwaterFormats", "BreakwaterKeys",
                "BreakwaterPipeline", "BreakwaterServer", "BreakwaterSimulation", "BreakwaterSources",
                "BreakwaterStorage",
                "BreakwaterTesting", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "breakwaterTests",
            dependencies: [
                "breakwater", "BreakwaterChain", "BreakwaterCore", "BreakwaterEVM", "BreakwaterFormats",
                .product(name: "BigInt", package: "BigInt"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
