import ArgumentParser
import BreakwaterFormats
import BreakwaterForensics
import BreakwaterServer
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Breakwater as a service: the engine on a live source, its journal, an HTTP API, a live feed and a status page.",
        discussion: """
            Without a source it plays the embedded simulated market: the demo's three hours, an attack at t+90m, \
            then two benign days, at --speed times event time (the attack comes about 45 seconds in). --follow FILE \
            reads a JSON Lines file as it grows; --stdin reads standard input. The journal (SQLite) is resumed when \
            it exists: run again with the same source and config to continue. SIGINT or SIGTERM stops reading, \
            writes the rest of the journal and exits. Environment: BREAKWATER_HOST, BREAKWATER_PORT and \
            BREAKWATER_JOURNAL stand in for the options, LOG_LEVEL for the log level. API: docs/service.md.
            Example: breakwater run   (then open http://127.0.0.1:8080/)
            """
    )

    @Option(help: "The protocol config (YAML). Default: the embedded reference protocol (with the demo's governance keys for the simulated market).")
    var config: String?

    @Option(help: "The journal (SQLite file), created or resumed.")
    var journal = ProcessInfo.processInfo.environment["BREAKWATER_JOURNAL"] ?? "breakwater.journal"

    @Option(help: "The address to listen on.")
    var host = ProcessInfo.processInfo.environment["BREAKWATER_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = ProcessInfo.processInfo.environment["BREAKWATER_PORT"].flatMap { Int($0) } ?? 8080

    @Option(help: "Read events from this JSON Lines file as it grows, instead of the simulated market.")
    var follow: String?

    @Flag(help: "Read events from standard input instead of the simulated market.")
    var stdin = false

    @Option(help: "The simulated market's seed.")
    var seed: UInt64 = 42

    @Option(help: "How many times faster than event time the simulated market plays.")
    var speed = 120.0

    @Option(help: "Seconds without an event after which the source counts as quiet (an alert on the feed and the page).")
    var quietSeconds = 30

    func validate() throws {
        guard follow == nil || !stdin else { throw ValidationError("--follow and --stdin are two sources: give one") }
        guard (1 ... 65_535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be positive") }
        guard quietSeconds >= 1 else { throw ValidationError("--quiet-seconds must be at least 1") }
    }

    func run() async throws {
        let (source, configYAML) = try source()
        let protocolConfig = try ConfigFile.parse(configYAML, named: config ?? "the embedded config")
        var replay = Replay(config: protocolConfig, configYAML: configYAML)
        let session = try await JournalFile.attach(journal, to: &replay, batchSize: 4_096)
        let engine = LiveEngine(replay: replay, session: session, source: source.name)
        // The HTTP requests' metrics go to the same registry as the engine's, served at /metrics.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: engine.metrics.registry))
        var logger = Logger(label: "breakwater")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let (host, port, journal) = (host, port, journal)
        let app = Application(
            router: LiveRoutes.router(engine),
            configuration: .init(address: .hostname(host, port: port), serverName: "breakwater"),
            onServerRunning: { _ in
                Terminal.progress("Breakwater is running on \(source.name): status page http://\(host):\(port)/ (API /api/status, feed /api/feed); journal \(journal). Ctrl-C stops it.")
            },
            logger: logger
        )
        let feeder = SourceService(engine: engine, source: source, quietAfter: .seconds(quietSeconds), logger: logger)
        let group = ServiceGroup(services: [app, feeder], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    private func source() throws -> (LiveSource, String) {
        if let follow { return (.follow(path: follow), try ConfigFile.text(at: config)) }
        if stdin { return (.stdin, try ConfigFile.text(at: config)) }
        do {
            return try LiveSource.simulated(seed: seed, speed: speed, configYAML: ConfigFile.text(at: config))
        } catch let error as ConfigError {
            Terminal.error("\(config ?? "default config"): \(error)")
            throw ExitCode(1)
        }
    }
}
