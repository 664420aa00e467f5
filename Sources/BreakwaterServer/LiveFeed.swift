public import BreakwaterPipeline
import BreakwaterReportKit
import Synchronization

/// The live feed: a ``DecisionSink`` that turns each decision into Server-Sent Events (its signals, actions and
/// the incidents it moved, then the source's state when it changes), keeps the latest for clients that reconnect,
/// and sends each decision's items to every subscriber in one batch.
public final class LiveFeed: DecisionSink {
    private let state: Mutex<State>
    /// The most clients followed at once; one more is refused.
    public let maximumSubscribers: Int
    /// The batches kept for a client that has not read them; a client further behind loses the oldest.
    public static let batchesPerSubscriber = 256

    private struct State {
        var kept: FeedBuffer
        var subscribers: [Int: AsyncStream<FeedBatch>.Continuation] = [:]
        var nextSubscriber = 0
        var isFinished = false
    }

    /// A feed that keeps the latest `capacity` items for clients that reconnect, and follows at most
    /// `maximumSubscribers` clients at once.
    public init(capacity: Int = 4_096, maximumSubscribers: Int = 10_000) {
        state = Mutex(State(kept: FeedBuffer(capacity: capacity)))
        self.maximumSubscribers = maximumSubscribers
    }

    /// Publishes the decision's signals, actions and the incidents it moved, as one batch.
    public func take(_ decided: DecidedEvent) {
        var items = decided.signals.map { ("signal", ReportJSON.line(of: $0)) }
        items += decided.actions.map { ("action", ReportJSON.line(of: $0)) }
        items += decided.incidents.map { ("incident", ReportJSON.line(of: $0.entry)) }
        publish(items)
    }

    /// Publishes the source's new state as a `source` item.
    public func sourceChanged(_ change: SourceChange) {
        publish([("source", ReportJSON.line(of: ["source": change.source, "state": change.state.rawValue]))])
    }

    /// Ends every subscription: nothing more comes.
    public func finish() {
        let subscribers = state.withLock { state in
            state.isFinished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// The feed: first the kept items after `lastID` (a reconnecting client's `Last-Event-ID`), then every new one,
    /// in batches (one decision's items together). A client that reads too slowly loses the oldest batches it has
    /// not read beyond ``batchesPerSubscriber`` (the ids it sees skip; it may reconnect from its last). After
    /// ``finish()``, the kept items and the end. `nil` when ``maximumSubscribers`` clients follow it already.
    public func subscribe(after lastID: Int?) -> AsyncStream<FeedBatch>? {
        let (stream, continuation) = AsyncStream<FeedBatch>.makeStream(
            bufferingPolicy: .bufferingNewest(Self.batchesPerSubscriber)
        )
        enum Outcome {
            case following(Int)
            case ended, full
        }
        let outcome: Outcome = state.withLock { state in
            guard state.isFinished || state.subscribers.count < maximumSubscribers else { return .full }
            let backlog = state.kept.items(after: lastID ?? state.kept.lastID)
            if !backlog.isEmpty { continuation.yield(FeedBatch(backlog)) }
            guard !state.isFinished else { return .ended }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return .following(state.nextSubscriber)
        }
        let id: Int
        switch outcome {
        case .full: return nil
        case .ended:
            continuation.finish()
            return stream
        case .following(let subscriber): id = subscriber
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many clients follow the feed.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Keeps `items` and sends them to every subscriber as one batch.
    private func publish(_ items: [(event: String, data: String)]) {
        guard !items.isEmpty else { return }
        state.withLock { state in
            let batch = FeedBatch(items.map { state.kept.append(event: $0.event, data: $0.data) })
            for subscriber in state.subscribers.values { subscriber.yield(batch) }
        }
    }
}
