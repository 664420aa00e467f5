import ArgumentParser
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterServer
import BreakwaterSources
import BreakwaterStorage
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run Breakwater as a service: the engine on a live source, its journal, an HTTP API, a live feed and a status page.",
        discussion: """
            Without a source it plays the embedded simulated market: the demo's three hours, an attack at t+90m, \
            then two benign days, at --speed times event time (the attack comes about 45 seconds in). --follow FILE \
            reads a JSON Lines file as it grows; --stdin reads standard input; --chain chain.yml watches an EVM \
            chain's blocks and mapped logs from its from_block on, as an observer that follows reorgs, and with an \
            executor section sends the actions it takes as transactions signed by the pauser (docs/chain.md). \
            The journal (SQLite) is resumed when it exists: run again with the same source and config to continue (on \
            a chain, from the journal's last block and log). SIGINT or SIGTERM stops reading, \
            writes the rest of the journal and exits. --service-config names a YAML file (host, port, journal, \
            quiet_seconds, posts_per_second, operators, alerts, retry); BREAKWATER_HOST, BREAKWATER_PORT, BREAKWATER_JOURNAL and \
            BREAKWATER_QUIET_SECONDS override it, the options override both; BREAKWATER_OPERATOR_TOKEN adds an \
            operator; LOG_LEVEL sets the log level. API: docs/service.md.
            Example: breakwater run   (then open http://127.0.0.1:8080/)
            """
    )

    @Option(
        help:
            "The protocol config (YAML). Default: the embedded reference protocol (with the demo's governance keys for the simulated market)."
    )
    var config: String?

    @Option(help: "The service config (YAML): listening address, journal, quiet limit, operators, alert targets.")
    var serviceConfig: String?

    @Option(help: "The journal (SQLite file), created or resumed. Default: breakwater.journal.")
    var journal: String?

    @Option(
        help:
            "normal or full: how hard each journal batch is pushed to the disk. full (the default) loses nothing written on a power loss; normal may lose the last batches then, never on a crash of the process."
    )
    var journalSync: JournalSync?

    @Option(help: "The address to listen on. Default: 127.0.0.1.")
    var host: String?

    @Option(help: "The port to listen on. Default: 8080.")
    var port: Int?

    @Option(help: "Read events from this JSON Lines file as it grows, instead of the simulated market.")
    var follow: String?

    @Flag(help: "Read events from standard input instead of the simulated market.")
    var stdin = false

    @Option(help: "Watch this EVM chain (chain.yml: nodes, contracts, event mappings) instead of the simulated market.")
    var chain: String?

    @Flag(name: .customLong("test-kill-before-sending"), help: .hidden)
    var killBeforeSending = false

    @Option(help: "The simulated market's seed.")
    var seed: UInt64 = 42

    @Option(help: "How many times faster than event time the simulated market plays.")
    var speed = 120.0

    @Option(
        help: "Seconds without an event after which the source counts as quiet: a source-outage incident. Default: 30."
    )
    var quietSeconds: Int?

    func validate() throws {
        guard [follow != nil, stdin, chain != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("--follow, --stdin and --chain are three sources: give one")
        }
        guard port.map({ (1...65_535).contains($0) }) ?? true else {
            throw ValidationError("--port must be from 1 to 65535")
        }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be positive") }
        guard quietSeconds.map({ $0 >= 1 }) ?? true else { throw ValidationError("--quiet-seconds must be at least 1") }
    }

    func run() async throws {
        let settings = try settings()
        var logger = Logger(label: "breakwater")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let (source, configYAML, makeExecutor) = try await source(journal: settings.journal, logger: logger)
        let config = try ConfigFile.parse(configYAML, named: self.config ?? "the embedded config")
        let application: LiveApplication
        do {
            var configuration = LiveConfiguration(
                settings: settings,
                config: config,
                configYAML: configYAML,
                source: source,
                logger: logger,
                tell: { Terminal.progress($0) }
            )
            configuration.makeExecutor = makeExecutor
            application = try await buildApplication(configuration: configuration)
        } catch let error as JournalError {
            throw JournalFile.fail(settings.journal, error)
        }
        // The HTTP requests' metrics go to the same registry as the engine's, served at /metrics.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: application.live.metrics.registry))
        try await application.runService()
    }

    /// The service config file's settings, overridden by the environment, then by the options.
    private func settings() throws -> ServiceConfig {
        let environment = ProcessInfo.processInfo.environment
        var settings: ServiceConfig
        do {
            if let serviceConfig {
                let text = try ConfigFile.text(at: serviceConfig)
                settings = try ServiceConfig(yaml: text, name: serviceConfig, environment: environment)
            } else {
                settings = try ServiceConfig(environment: environment)
            }
        } catch let error as ServiceConfigError {
            Terminal.error("service config: \(error.message)")
            throw ExitCode(1)
        }
        settings.host = host ?? settings.host
        settings.port = port ?? settings.port
        settings.journal = journal ?? settings.journal
        settings.journalSync = journalSync ?? settings.journalSync
        settings.quietSeconds = quietSeconds ?? settings.quietSeconds
        return settings
    }

    /// The source, the protocol config's text, and (on a chain with an `executor` section) what makes the executor.
    private func source(
        journal: String,
        logger: Logger
    ) async throws -> (any EventSource, String, (@Sendable (any JournalStore) -> any ActionExecutor & Service)?) {
        if let chain {
            let loaded = try ChainFile.load(chain: chain, config: config)
            let client = JSONRPCClient(endpoints: loaded.chain.endpoints, logger: logger)
            let makeExecutor = loaded.chain.executor.map { executor in
                logger.info(
                    """
                    executor: the pauser \(executor.key.address.checksummed), \(executor.actions.count) action \
                    mappings, \(executor.enforce ? "sending" : "shadow: signing and keeping, sending nothing")
                    """
                )
                return { @Sendable (store: any JournalStore) -> any ActionExecutor & Service in
                    TransactionExecutor(
                        executor: executor,
                        chain: loaded.chain,
                        config: loaded.config,
                        client: client,
                        store: store,
                        logger: logger,
                        beforeSending: { [killBeforeSending] _ in
                            if killBeforeSending { kill(getpid(), SIGKILL) }
                        }
                    )
                }
            }
            let source = ChainSource(
                chain: loaded.chain,
                config: loaded.config,
                client: client,
                logger: logger,
                resume: await Self.chainResume(journal)
            )
            return (source, try ConfigFile.text(at: config), makeExecutor)
        }
        if follow != nil || stdin {
            let yaml = try ConfigFile.text(at: config)
            // The config is checked where the run loads it; a config that does not load stops the run there.
            let limit = Int((try? ConfigLoader.load(yaml: yaml))?.stream.maxLineBytes ?? StreamSettings().maxLineBytes)
            if let follow { return (FollowedFileSource(path: follow, maxLineBytes: limit), yaml, nil) }
            return (StandardInputSource(maxLineBytes: limit), yaml, nil)
        }
        do {
            let (source, yaml) = try SimulatedMarketSource.demo(
                seed: seed,
                speed: speed,
                configYAML: ConfigFile.text(at: config)
            )
            return (source, yaml, nil)
        } catch let error as ConfigError {
            Terminal.error("\(config ?? "default config"): \(error)")
            throw ExitCode(1)
        }
    }

    /// What the journal at `path` holds of a chain, for the source to go on from; `nil` for a new journal. A journal
    /// that cannot be read gives `nil` too: opening it for the service then says why.
    private static func chainResume(_ path: String) async -> ChainResume? {
        guard FileManager.default.fileExists(atPath: path), let store = try? SQLiteJournalStore(path: path) else {
            return nil
        }
        return try? await ChainResume.reading(store)
    }
}
