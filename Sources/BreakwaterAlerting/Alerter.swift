public import BreakwaterPipeline
public import Logging
public import ServiceLifecycle
import Synchronization

/// Sends the steps of incidents to the configured targets: a signed webhook, Slack, PagerDuty.
///
/// A ``DecisionSink``: the pipeline hands it each decision that moved an incident, and ``notify(_:)`` returns at
/// once. The alerts queue per target and go out in order while the alerter runs as a `Service`, so a slow or down
/// target delays only its own. A target gets the incidents at or above its ``AlertTarget/minSeverity``, each step
/// of an incident once. A delivery that fails for a reason that may pass is tried again as the ``RetryPolicy`` says;
/// one that still fails, or is refused, becomes a ``DeadLetter`` handed to `onDeadLetter`.
public final class Alerter: DecisionSink, Service {
    private let state: Mutex<State>
    private let queues: [AsyncStream<Alert>.Continuation]
    private let couriers: [(courier: AlertCourier, alerts: AsyncStream<Alert>)]
    /// Ends when the alerter is asked to stop.
    private let stopping: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    private let grace: Duration
    private let logger: Logger
    private let onDeadLetter: @Sendable (DeadLetter) async -> Void

    private struct State {
        var router: AlertRouter
        /// Alerts queued or being delivered.
        var pending = 0
        var delivered = 0
        var deadLetters = 0
        var isShutDown = false
        /// The callers of ``Alerter/drain()`` waiting for `pending` to reach zero, by an id of each call.
        var drainers: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextDrainer = 0
    }

    /// One delivery queue per target, delivered while ``run()`` runs.
    ///
    /// - Parameters:
    ///   - targets: where alerts go.
    ///   - transport: how they are POSTed.
    ///   - retry: how a failed delivery is tried again.
    ///   - grace: how long a stopping alerter goes on delivering what is queued.
    ///   - logger: where deliveries and failures are logged, with the target's name and never its URL or secret.
    ///   - sleep: waits out a backoff: `Task.sleep` unless a test makes it instant.
    ///   - onDeadLetter: takes each alert that could not be delivered; the service records it in the journal.
    public init(
        targets: [AlertTarget],
        transport: any AlertTransport = HTTPAlertTransport(),
        retry: RetryPolicy = RetryPolicy(),
        grace: Duration = .seconds(5),
        logger: Logger = Logger(label: "breakwater.alerting"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onDeadLetter: @escaping @Sendable (DeadLetter) async -> Void = { _ in }
    ) {
        state = Mutex(State(router: AlertRouter(targets: targets)))
        self.grace = grace
        self.logger = logger
        self.onDeadLetter = onDeadLetter
        var queues: [AsyncStream<Alert>.Continuation] = []
        var couriers: [(AlertCourier, AsyncStream<Alert>)] = []
        for target in targets {
            let (stream, continuation) = AsyncStream<Alert>.makeStream()
            queues.append(continuation)
            couriers.append(
                (AlertCourier(target: target, transport: transport, retry: retry, sleep: sleep, logger: logger), stream)
            )
        }
        self.queues = queues
        self.couriers = couriers
        stopping = AsyncStream<Void>.makeStream()
    }

    // MARK: Taking decisions

    /// Queues the alerts of the incidents a decision moved; a decision read again from a resumed journal was
    /// alerted when it was first decided, and is only noted.
    public func take(_ decided: DecidedEvent) {
        for update in decided.incidents {
            if decided.isReplayed { prime(update) } else { notify(update) }
        }
    }

    /// The incidents a restored snapshot holds count as alerted.
    public func catchUp(with incidents: [IncidentUpdate]) {
        for incident in incidents { prime(incident) }
    }

    /// Queues the alerts an incident update calls for, and returns without waiting for them.
    ///
    /// An update that takes no new step calls for nothing, unless it raises the incident to a target's severity;
    /// after ``shutdown()``, no update does.
    public func notify(_ update: IncidentUpdate) {
        state.withLock { state in
            guard !state.isShutDown else { return }
            for (target, alert) in state.router.route(update) {
                state.pending += 1
                queues[target].yield(alert)
            }
        }
    }

    /// Takes an update as already alerted, sending nothing.
    public func prime(_ update: IncidentUpdate) {
        state.withLock { _ = $0.router.route(update) }
    }

    // MARK: Delivering

    /// Delivers each target's alerts in turn until the alerter stops: on a graceful shutdown, or ``shutdown()``.
    /// What is queued then still goes out for up to the grace period; what is left after it is given up.
    public func run() async {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Bool.self) { group in
                for (courier, alerts) in couriers {
                    group.addTask {
                        await self.deliver(alerts, with: courier)
                        return true
                    }
                }
                group.addTask {
                    for await _ in self.stopping.stream {}
                    try? await Task.sleep(for: self.grace)
                    return false
                }
                var running = couriers.count
                while let courierEnded = await group.next() {
                    if courierEnded { running -= 1 }
                    // Every queue delivered, or the grace is over: nothing more to wait for.
                    if running == 0 || !courierEnded { group.cancelAll() }
                }
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
        giveUpWhatIsLeft()
    }

    /// The alerts still queued when the alerter stopped are not sent: said in the log, and not waited for.
    private func giveUpWhatIsLeft() {
        let (left, drainers): (Int, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            defer {
                state.pending = 0
                state.drainers.removeAll()
            }
            return (state.pending, Array(state.drainers.values))
        }
        if left > 0 { logger.warning("alerting stopped with \(left) alerts not sent") }
        for drainer in drainers { drainer.resume() }
    }

    /// Waits until every alert queued so far is delivered or dead-lettered, its ``DeadLetter`` handed over.
    ///
    /// Returns at once when the task is cancelled; the alerts still queued go on being delivered while ``run()``
    /// runs. Once the grace period after a stop has passed, what is left is given up and not waited for.
    public func drain() async {
        let id: Int = state.withLock { state in
            state.nextDrainer += 1
            return state.nextDrainer
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let isDone: Bool = self.state.withLock { state in
                    guard state.pending > 0, !Task.isCancelled else { return true }
                    state.drainers[id] = continuation
                    return false
                }
                if isDone { continuation.resume() }
            }
        } onCancel: {
            let drainer: CheckedContinuation<Void, Never>? = self.state.withLock { $0.drainers.removeValue(forKey: id) }
            drainer?.resume()
        }
    }

    /// Takes no more alerts. Those queued are still delivered (``drain()`` waits for them), for up to the grace
    /// period; then ``run()`` returns.
    public func shutdown() {
        state.withLock { $0.isShutDown = true }
        for queue in queues { queue.finish() }
        stopping.continuation.finish()
    }

    /// Alerts delivered so far.
    public var delivered: Int { state.withLock { $0.delivered } }

    /// Alerts dead-lettered so far.
    public var deadLetters: Int { state.withLock { $0.deadLetters } }

    /// Delivers one target's alerts in turn, until its queue ends or the task is cancelled.
    private func deliver(_ alerts: AsyncStream<Alert>, with courier: AlertCourier) async {
        for await alert in alerts {
            let deadLetter = await courier.deliver(alert)
            if let deadLetter { await onDeadLetter(deadLetter) }
            let drained: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.pending -= 1
                if deadLetter == nil { state.delivered += 1 } else { state.deadLetters += 1 }
                guard state.pending == 0 else { return [] }
                let drainers = Array(state.drainers.values)
                state.drainers.removeAll()
                return drainers
            }
            for drainer in drained { drainer.resume() }
        }
    }
}
