/// One record of the journal: an input event, a decision, an account name or the header.
///
/// `hash` is the SHA-256 of the previous record's hash (32 zero bytes before the first) followed by `bytes`, so
/// each record commits to every record before it. `timestamp` and `kind` repeat what the bytes say, for indexing;
/// verification checks them against the bytes. The encoding is specified in `docs/journal.md`.
public struct JournalRecord: Sendable, Hashable {
    /// What a record holds; its first byte says the same.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The first record: the format version and the config the run was given.
        case header
        /// An account name bound to the id the events use, recorded with the event that first names it.
        case account
        /// An input event.
        case event
        /// What the engine decided on the event before it.
        case decision
        case incident

        /// The record's first byte.
        public var tag: UInt8 {
            switch self {
            case .header: UInt8(ascii: "H")
            case .account: UInt8(ascii: "A")
            case .event: UInt8(ascii: "E")
            case .decision: UInt8(ascii: "D")
            case .incident: UInt8(ascii: "I")
            }
        }

        /// The kind whose first byte is `tag`.
        public init?(tag: UInt8) {
            guard let kind = Self.allCases.first(where: { $0.tag == tag }) else { return nil }
            self = kind
        }
    }

    /// 1-based position in the journal.
    public var sequence: Int
    /// The event's time in milliseconds since the epoch (for an account or a decision, its event's; `0` for the
    /// header).
    public var timestamp: Int64
    public var kind: Kind
    /// The canonical bytes.
    public var bytes: [UInt8]
    /// SHA-256 of the previous record's hash and ``bytes``.
    public var hash: [UInt8]
    /// What a store could not read as its type (an edited file: a column of the wrong type), said for a person;
    /// a record with a defect never verifies.
    public var defect: String?

    public init(sequence: Int, timestamp: Int64, kind: Kind, bytes: [UInt8], hash: [UInt8], defect: String? = nil) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.kind = kind
        self.bytes = bytes
        self.hash = hash
        self.defect = defect
    }
}
