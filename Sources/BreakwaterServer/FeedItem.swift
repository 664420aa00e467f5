public import NIOCore

/// One message of the live feed: a signal, an action, an incident's new state or the source's, as a Server-Sent
/// Event with an id a client resumes from (`Last-Event-ID`).
public struct FeedItem: Sendable, Hashable {
    /// Increasing from 1 over the life of the service.
    public let id: Int
    /// `signal`, `action`, `incident` or `source`.
    public let event: String
    /// One line of JSON.
    public let data: String
    /// The item as the `text/event-stream` format writes it, encoded once and shared by every client's write.
    public let serverSentEvent: ByteBuffer

    init(id: Int, event: String, data: String) {
        self.id = id
        self.event = event
        self.data = data
        serverSentEvent = ByteBuffer(string: "id: \(id)\nevent: \(event)\ndata: \(data)\n\n")
    }
}

/// Feed items that go out together (one decision's, or a reconnecting client's backlog): one write per client.
public struct FeedBatch: Sendable {
    /// The items, oldest first.
    public let items: [FeedItem]
    /// Every item's Server-Sent Event, one after the other, encoded once.
    public let bytes: ByteBuffer

    init(_ items: [FeedItem]) {
        self.items = items
        var bytes = ByteBuffer()
        for item in items { bytes.writeImmutableBuffer(item.serverSentEvent) }
        self.bytes = bytes
    }
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
