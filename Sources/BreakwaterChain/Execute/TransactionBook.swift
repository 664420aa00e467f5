import BreakwaterCore
import BreakwaterPipeline
import Synchronization

/// Where each outbox entry's transaction stands, by dedup key: what `/api/actions` shows of it, read at once by any
/// number of HTTP handlers while the executor writes it.
final class TransactionBook: Sendable {
    private let entries = Mutex<[String: ActionTransaction]>([:])

    /// Keeps `entry` as it stands; `isShadow` when the executor sends nothing.
    func record(_ entry: OutboxEntry, isShadow: Bool = false) {
        let transaction = ActionTransaction(
            hash: "0x" + Hex.encode(entry.hash),
            status: isShadow ? "shadow" : entry.state.rawValue,
            block: entry.block,
            nonce: entry.nonce
        )
        entries.withLock { $0[entry.key] = transaction }
    }

    /// The transactions of the keys that start with `prefix` and `|` (one per mapping), in mapping order.
    func transactions(keyedAfter prefix: String) -> [ActionTransaction] {
        let start = prefix + "|"
        return entries.withLock { entries in
            entries.filter { $0.key.hasPrefix(start) }.sorted { Self.mapping(of: $0.key) < Self.mapping(of: $1.key) }
                .map(\.value)
        }
    }

    /// The mapping index a key ends with.
    private static func mapping(of key: String) -> Int { Int(key.split(separator: "|").last ?? "") ?? 0 }
}
