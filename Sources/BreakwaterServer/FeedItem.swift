/// One message of the live feed: a signal, an action, an incident's new state or the source's, as a Server-Sent
/// Event with an id a client resumes from (`Last-Event-ID`).
public struct FeedItem: Sendable, Hashable {
    /// Increasing from 1 over the life of the service.
    public let id: Int
    /// `signal`, `action`, `incident` or `source`.
    public let event: String
    /// One line of JSON.
    public let data: String

    /// The item as the `text/event-stream` format writes it.
    public var serverSentEvent: String { "id: \(id)\nevent: \(event)\ndata: \(data)\n\n" }
}

/// The latest feed items, so a client that reconnects gets what it missed, as long as it is recent.
struct FeedBuffer {
    let capacity: Int
    private(set) var items: [FeedItem] = []
    private var start = 0
    private(set) var lastID = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func append(event: String, data: String) -> FeedItem {
        lastID += 1
        let item = FeedItem(id: lastID, event: event, data: data)
        if items.count < capacity {
            items.append(item)
        } else {
            items[start] = item
            start = (start + 1) % capacity
        }
        return item
    }

    /// The items after `id`, oldest first (all that are kept when `id` is older than the buffer).
    func items(after id: Int) -> [FeedItem] {
        let ordered = Array(items[start...] + items[..<start])
        return ordered.filter { $0.id > id }
    }
}
