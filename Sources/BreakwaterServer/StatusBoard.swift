import Synchronization

/// The latest status and health, published by the engine's actor and read by any number of HTTP handlers at
/// once without waiting for the actor: readers never slow the engine down.
public final class StatusBoard: Sendable {
    private let state = Mutex<(status: [UInt8], health: LiveEngine.Health?)>(([], nil))

    public init() {}

    /// `GET /api/status`'s bytes, as last published.
    public var status: [UInt8] { state.withLock { $0.status } }
    /// `GET /api/health`, as last published.
    public var health: LiveEngine.Health? { state.withLock { $0.health } }

    func publish(status: [UInt8], health: LiveEngine.Health) {
        state.withLock { $0 = (status, health) }
    }
}
