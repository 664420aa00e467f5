import BreakwaterCore
import BreakwaterPipeline
import Synchronization

/// Where each outbox entry's transaction stands, by dedup key: what `/api/actions` shows of it, read at once by any
/// number of HTTP handlers while the executor writes it.
final class TransactionBook: Sendable {
    /// By dedup key without its mapping (`pause|pool=main|INC-0001`), then by mapping.
    private let entries = Mutex<[String: [Int: ActionTransaction]]>([:])

    /// Keeps `entry` as it stands.
    func record(_ entry: OutboxEntry) {
        let transaction = ActionTransaction(
            hash: "0x" + Hex.encode(entry.hash),
            status: entry.state.rawValue,
            block: entry.block,
            nonce: entry.nonce
        )
        let (prefix, mapping) = Self.split(entry.key)
        entries.withLock { $0[prefix, default: [:]][mapping] = transaction }
    }

    /// The transactions of the action whose dedup key without its mapping is `prefix`, in mapping order.
    func transactions(keyedAfter prefix: String) -> [ActionTransaction] {
        entries.withLock { $0[prefix] ?? [:] }.sorted { $0.key < $1.key }.map(\.value)
    }

    /// A key's action part and its mapping index (`pause|pool=main|INC-0001`, 0).
    private static func split(_ key: String) -> (String, Int) {
        guard let bar = key.lastIndex(of: "|") else { return (key, 0) }
        return (String(key[..<bar]), Int(key[key.index(after: bar)...]) ?? 0)
    }
}
