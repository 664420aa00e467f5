public import BreakwaterPipeline
public import Logging
import Synchronization

/// Sends the state changes of incidents to the configured targets: a signed webhook, Slack, PagerDuty.
///
/// The service hands it each new entry of an incident (opened, reclassified, contained, remediated, resolved) with
/// ``notify(_:)``, which returns at once. The alerts queue per target and go out in order, so a slow or down target
/// delays only its own. A target gets the incidents at or above its ``AlertTarget/minSeverity``, each state of an
/// incident once. A delivery that fails for a reason that may pass is tried again as the ``RetryPolicy`` says; one
/// that still fails, or is refused, becomes a ``DeadLetter`` handed to `onDeadLetter`.
public final class Alerter: Sendable {
    private let state: Mutex<State>
    private let queues: [AsyncStream<Alert>.Continuation]
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

    /// Starts one delivery queue per target.
    ///
    /// - Parameters:
    ///   - targets: where alerts go.
    ///   - transport: how they are POSTed.
    ///   - retry: how a failed delivery is tried again.
    ///   - logger: where deliveries and failures are logged, with the target's name and never its URL or secret.
    ///   - sleep: waits out a backoff: `Task.sleep` unless a test makes it instant.
    ///   - onDeadLetter: takes each alert that could not be delivered; the service records it in the journal.
    public init(
        targets: [AlertTarget],
        transport: any AlertTransport = HTTPAlertTransport(),
        retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "breakwater.alerting"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onDeadLetter: @escaping @Sendable (DeadLetter) async -> Void = { _ in }
    ) {
        state = Mutex(State(router: AlertRouter(targets: targets)))
        self.onDeadLetter = onDeadLetter
        var queues: [AsyncStream<Alert>.Continuation] = []
        var couriers: [(AlertCourier, AsyncStream<Alert>)] = []
        for target in targets {
            let (stream, continuation) = AsyncStream<Alert>.makeStream()
            queues.append(continuation)
            couriers.append((AlertCourier(target: target, transport: transport, retry: retry, sleep: sleep, logger: logger), stream))
        }
        self.queues = queues
        for (courier, alerts) in couriers {
            Task { await self.run(courier, alerts) }
        }
    }

    /// Queues the alerts a new entry of an incident calls for, and returns without waiting for them.
    ///
    /// An entry that changed nothing since the last one seen of the same incident calls for nothing; after
    /// ``shutdown()``, no entry does.
    public func notify(_ incident: ReplayReport.IncidentEntry) {
        state.withLock { state in
            guard !state.isShutDown else { return }
            for (target, alert) in state.router.route(incident) {
                state.pending += 1
                queues[target].yield(alert)
            }
        }
    }

    /// Takes an entry as already alerted, sending nothing: an entry a resumed journal held was alerted, or
    /// dead-lettered, when it was first decided.
    public func prime(_ incident: ReplayReport.IncidentEntry) {
        state.withLock { _ = $0.router.route(incident) }
    }

    /// Waits until every alert queued so far is delivered or dead-lettered, its ``DeadLetter`` handed over.
    ///
    /// Returns at once when the task is cancelled: the alerts still queued go on being delivered.
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

    /// Takes no more alerts. Those queued are still delivered (``drain()`` waits for them), then the queues end.
    public func shutdown() {
        state.withLock { $0.isShutDown = true }
        for queue in queues { queue.finish() }
    }

    /// Alerts delivered so far.
    public var delivered: Int { state.withLock { $0.delivered } }

    /// Alerts dead-lettered so far.
    public var deadLetters: Int { state.withLock { $0.deadLetters } }

    /// Delivers one target's alerts in turn, until its queue ends.
    private func run(_ courier: AlertCourier, _ alerts: AsyncStream<Alert>) async {
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
