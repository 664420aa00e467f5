import BreakwaterAlerting
public import BreakwaterCore
import BreakwaterEngine
public import BreakwaterPipeline
import BreakwaterSources
import BreakwaterStorage
public import Hummingbird
public import Logging
public import ServiceLifecycle
import Synchronization
import UnixSignals

/// What `breakwater run` runs: a protocol, a source, and the service's settings.
public struct LiveConfiguration: Sendable {
    /// Where it listens, its journal, when the source counts as quiet, its operators and alert targets.
    public var settings: ServiceConfig
    /// The protocol, and the YAML it was read from (which the journal's header records).
    public var config: ProtocolConfig
    /// The YAML the protocol was read from, which the journal's header records.
    public var configYAML: String
    /// Where the events come from.
    public var source: any EventSource
    /// Where the service logs.
    public var logger: Logger
    /// Where it tells the person who started it what to read: that it runs and where, a snapshot it cannot use.
    /// The log's `info` unless given (the CLI writes to standard error).
    public var tell: @Sendable (String) -> Void
    /// Makes the executor that turns live actions into transactions, on the journal's store; `nil` when the
    /// service does not act on a chain.
    public var makeExecutor: (@Sendable (any JournalStore) -> any ActionExecutor & Service)?

    /// - Parameters:
    ///   - settings: where it listens, its journal, when the source counts as quiet, its operators and alerts.
    ///   - config: the protocol.
    ///   - configYAML: the text `config` was read from, which the journal's header records.
    ///   - source: where the events come from.
    ///   - logger: where the service logs.
    ///   - tell: where it tells the person who started it what to read; the log unless given.
    public init(
        settings: ServiceConfig,
        config: ProtocolConfig,
        configYAML: String,
        source: any EventSource,
        logger: Logger,
        tell: (@Sendable (String) -> Void)? = nil
    ) {
        self.settings = settings
        self.config = config
        self.configYAML = configYAML
        self.source = source
        self.logger = logger
        self.tell = tell ?? { logger.info("\($0)") }
    }
}

/// The service assembled: the HTTP server and the pipeline on its source, journal and sinks, as one `Service`.
///
/// Its parts stop in the reverse of the order they start in: the source first (nothing more is read), then the
/// alerts still queued (an alert that fails still reaches the journal), then the pipeline (the rest of the journal,
/// and the live feed's end), then the status board (its last status), and the HTTP server last.
public struct LiveApplication: Service {
    /// The pipeline, its feed, status board and metrics.
    public let live: LiveServer
    /// The HTTP server: tests drive its router.
    public let server: Application<RouterResponder<BasicRequestContext>>
    /// The parts after the server, in the order they start.
    let services: [any Service]
    let logger: Logger

    /// Runs the HTTP server and the other parts as one service group, until they stop. A part that fails stops
    /// the others gracefully, so the journal is written and the alerts queued (the source's failure among them)
    /// go out; then its error is thrown.
    public func run() async throws {
        let parts = ([server] + services).map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        }
        try await ServiceGroup(configuration: ServiceGroupConfiguration(services: parts, logger: logger)).run()
    }

    /// Runs until SIGINT or SIGTERM, then stops gracefully.
    public func runService() async throws {
        try await ServiceGroup(services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}

/// Builds the service: opens (or resumes) the journal, sets up the pipeline with its sinks (the live feed, and
/// alerting when targets are configured, its dead letters journaled), the source's feeder and the HTTP routes.
///
/// - Throws: ``JournalError`` if the journal cannot be opened or resumed (another config, another stream, a file
///   that does not verify).
public func buildApplication(configuration: LiveConfiguration) async throws -> LiveApplication {
    let (settings, logger) = (configuration.settings, configuration.logger)
    let store = try SQLiteJournalStore(path: settings.journal, sync: settings.journalSync)
    var replay = Replay(
        config: configuration.config,
        configYAML: configuration.configYAML,
        configuration: Engine.Configuration(observes: configuration.source.minesFacts)
    )
    let session = try await JournalSession.attach(store, to: &replay, batchSize: 4_096)
    if let reason = session.unusedSnapshot {
        logger.notice(
            "journal \(settings.journal): its snapshot is not used (\(reason)); recomputing from the first line"
        )
    }
    let inbox = try await store.inbox()
    let executor = configuration.makeExecutor?(store)
    // The alerter's dead letters go to the pipeline it is a sink of: it is made first, and handed the pipeline after.
    let deadLetters = DeadLetterBox()
    let alerter =
        settings.alerts.isEmpty
        ? nil
        : Alerter(
            targets: settings.alerts,
            retry: settings.retry,
            logger: logger,
            onDeadLetter: { deadLetter in await deadLetters.record(deadLetter, logger: logger) }
        )
    let feed = LiveFeed(maximumSubscribers: settings.maxFeedClients)
    let pipeline = LivePipeline(
        replay: replay,
        session: session,
        inbox: inbox,
        source: configuration.source.name,
        sinks: [feed] + (alerter.map { [$0] } ?? []),
        executor: executor,
        logger: logger
    )
    let live = LiveServer(pipeline: pipeline, feed: feed)
    await executor?.noting { [pipeline] note in
        do throws(SubmissionError) {
            _ = try await pipeline.takeWhenLive(note)
        } catch {
            logger.error("an executor's note could not be journaled: \(error.message)")
        }
    }
    deadLetters.attach(live.pipeline)
    if alerter != nil { logger.info("alerting \(settings.alerts.map(\.description).joined(separator: ", "))") }
    let (source, host, port) = (configuration.source.name, settings.host, settings.port)
    let server = Application(
        router: LiveRoutes.router(
            live,
            operators: OperatorTokens(settings.operators.map { ($0.name, $0.token) }),
            postsPerSecond: settings.postsPerSecond
        ),
        configuration: .init(address: .hostname(host, port: port), serverName: "breakwater"),
        onServerRunning: { [tell = configuration.tell] _ in
            tell(
                "Breakwater is running on \(source): status page http://\(host):\(port)/ (API /api/status, feed /api/feed); journal \(settings.journal). Ctrl-C stops it."
            )
        },
        logger: logger
    )
    let feeder = SourceService(
        source: configuration.source,
        pipeline: live.pipeline,
        quietAfter: .seconds(settings.quietSeconds),
        logger: logger
    )
    let services: [any Service] =
        [live.board, live.pipeline] + (alerter.map { [$0] } ?? []) + (executor.map { [$0] } ?? []) + [feeder]
    return LiveApplication(live: live, server: server, services: services, logger: logger)
}

/// Where the alerter's dead letters go: the pipeline, once it is made.
private final class DeadLetterBox: Sendable {
    private let pipeline = Mutex<LivePipeline?>(nil)

    func attach(_ pipeline: LivePipeline) { self.pipeline.withLock { $0 = pipeline } }

    func record(_ deadLetter: DeadLetter, logger: Logger) async {
        do throws(SubmissionError) {
            try await pipeline.withLock { $0 }?.record(deadLetter)
        } catch {
            logger.error("a dead letter for \(deadLetter.target) could not be journaled: \(error.message)")
        }
    }
}
