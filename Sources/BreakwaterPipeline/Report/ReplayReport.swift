import BreakwaterCore
public import BreakwaterReportKit

/// The result of a replay, as documented in `docs/replay-report.md`. Amounts are exact decimal strings.
public struct ReplayReport: Codable, Sendable, Hashable {
    public var config: String
    /// Lines read, errors included (blank lines are skipped and not counted).
    public var events: Int
    public var accepted: Int
    public var rejected: Int
    public var errors: [ErrorEntry]
    /// How many rejections there were in all; ``rejections`` lists at most the configured number.
    public var rejectionsTotal: Int
    public var rejections: [RejectionEntry]
    public var signals: Int
    public var incidents: [IncidentEntry]
    public var actions: [ActionEntry]
    public var outflows: Outflows
    public var pools: [String: [String: PoolAssetEntry]]
    public var invariants: Invariants
    /// Per pool with liquidations: how many went through, and how many were refused while due.
    public var liquidations: [String: LiquidationEntry]
    public var journalHead: String

    enum CodingKeys: String, CodingKey {
        case config, events, accepted, rejected, errors, rejections, signals, incidents, actions, outflows, pools
        case invariants, liquidations
        case rejectionsTotal = "rejections_total"
        case journalHead = "journal_head"
    }

    public struct ErrorEntry: Codable, Sendable, Hashable {
        public var line: Int
        public var field: String?
        public var message: String
    }

    public struct RejectionEntry: Codable, Sendable, Hashable {
        public var line: Int
        public var ts: Int64
        public var kind: String
        public var account: String?
        /// The stable reason code, e.g. `insufficient_health`.
        public var code: String
        public var reason: String
    }

    /// A scope as an object with the keys that apply.
    public struct ScopeEntry: Codable, Sendable, Hashable {
        public var `protocol`: Bool?
        public var pool: String?
        public var market: String?
        public var function: String?
        public var account: String?
        public var asset: String?
        /// One of the asset's feeds (a `feed_fault`'s scope).
        public var feed: String? = nil
    }

    public struct ActionEntry: Codable, Sendable, Hashable {
        public var ts: Int64
        public var line: Int
        public var action: String
        public var scope: ScopeEntry
        public var by: String
        public var reason: String
        /// `false` in shadow mode: what the policy would have done.
        public var enforced: Bool
        /// The block, transaction and log index of the event that caused it, when its line said.
        public var block: Int64? = nil
        public var tx: String? = nil
        public var logIndex: Int64? = nil
        /// The transactions an executor made of it (`run --chain`'s `/api/actions` and status); absent elsewhere.
        public var transactions: [ActionTransaction]? = nil

        enum CodingKeys: String, CodingKey {
            case ts, line, action, scope, by, reason, enforced, block, tx, transactions
            case logIndex = "log_index"
        }
    }

    public struct SignalEntry: Codable, Sendable, Hashable {
        public var ts: Int64
        public var line: Int
        public var kind: String
        public var severity: String
        public var scope: ScopeEntry
        public var evidence: String
        /// The accounts involved, the acting one first.
        public var accounts: [String]
        /// The block, transaction and log index of the event that raised it, when its line said.
        public var block: Int64? = nil
        public var tx: String? = nil
        public var logIndex: Int64? = nil

        enum CodingKeys: String, CodingKey {
            case ts, line, kind, severity, scope, evidence, accounts, block, tx
            case logIndex = "log_index"
        }
    }

    /// Where on chain an event came from: what its line said of it.
    struct ChainPlace: Codable, Sendable, Hashable {
        var block: Int64?
        var tx: String?
        var logIndex: Int64?

        init(_ provenance: Event.Provenance) {
            block = provenance.block
            tx = provenance.transaction
            logIndex = provenance.logIndex
        }
    }

    public struct IncidentEntry: Codable, Sendable, Hashable {
        public var id: String
        /// The attack vector.
        public var kind: String
        /// How serious the incident is, as its classification sets it (`info`, `warning`, `critical`): what alert
        /// targets route on.
        public var severity: String
        public var scope: ScopeEntry
        public var detectedAt: Int64
        public var detectedLine: Int
        @NullEncoded public var containedAt: Int64?
        @NullEncoded public var containedLine: Int?
        /// When a governed upgrade or hotfix of a module in its scope ran.
        public var remediatedAt: Int64? = nil
        /// When people lifted the pause that contained it.
        public var resolvedAt: Int64? = nil
        public var signals: [SignalEntry]
        public var actions: [ActionEntry]
        /// The accounts the signals name: the actors.
        public var accounts: [String]
        /// Signals counted as repeats within the cooldown instead of listed.
        public var repeatedSignals: Int
        /// What alerting deduplicates on.
        public var dedupKey: String
        /// When an operator first acknowledged it, and who.
        public var acknowledgedAt: Int64? = nil
        public var acknowledgedBy: String? = nil
        /// The operators' and the service's notes on it; absent when there are none.
        public var notes: [NoteEntry]? = nil
        /// The evidence of its classification: how the move behind its deciding price signal read; absent for an
        /// incident no price signal classified.
        public var classification: ClassificationEntry? = nil

        enum CodingKeys: String, CodingKey {
            case id, kind, severity, scope, signals, actions, accounts, notes, classification
            case acknowledgedAt = "acknowledged_at"
            case acknowledgedBy = "acknowledged_by"
            case repeatedSignals = "repeated_signals"
            case dedupKey = "dedup_key"
            case detectedAt = "detected_at"
            case detectedLine = "detected_line"
            case containedAt = "contained_at"
            case containedLine = "contained_line"
            case remediatedAt = "remediated_at"
            case resolvedAt = "resolved_at"
        }
    }

    /// How the move behind an incident's price signal read (docs/detection.md, "Classification"). Moves are ratios
    /// rounded to 4 decimals: `-0.12` is 12 % below the reference.
    public struct ClassificationEntry: Codable, Sendable, Hashable {
        /// `market_stress` or `oracle_manipulation`: what the move alone reads as.
        public var reads: String
        public var asset: String
        /// `price / twap − 1`.
        public var move: Double
        /// `price / hours reference − 1`: how far it is from where it has been for hours (half-life 12 h).
        public var longMove: Double
        /// `hours reference / days reference − 1`: where it has been going over days (half-lives 12 h and 48 h).
        public var trend: Double
        public var feedsAgreed: [String]
        public var feedsLeftOut: [String]
        /// The other assets that moved the same way, and by how much.
        public var assetsMoved: [String: Double]
        /// The accounts the signal named.
        public var actors: [String]
        /// The reading in a sentence.
        public var summary: String

        enum CodingKeys: String, CodingKey {
            case reads, asset, move, trend, actors, summary
            case longMove = "long_move"
            case feedsAgreed = "feeds_agreed"
            case feedsLeftOut = "feeds_left_out"
            case assetsMoved = "assets_moved"
        }
    }

    /// What became of a pool's liquidations (docs/replay-report.md).
    public struct LiquidationEntry: Codable, Sendable, Hashable {
        public var executed: Int
        /// The bad debt the executed ones left, a decimal string in the pool's quote asset.
        public var badDebt: String
        /// Refused while the account was under water at the guarded price: by a guard, not the ledger.
        public var liquidationsRefused: Int
        public var refusedByCode: [String: Int]

        enum CodingKeys: String, CodingKey {
            case executed
            case badDebt = "bad_debt"
            case liquidationsRefused = "liquidations_refused"
            case refusedByCode = "refused_by_code"
        }
    }

    /// An operator's or the service's note on an incident.
    public struct NoteEntry: Codable, Sendable, Hashable {
        public var ts: Int64
        public var line: Int
        /// `acknowledge`, `comment`, `source_quiet`, `source_resumed`, `alert_failed`, `log_unmapped`, `tx_sent`,
        /// `tx_mined`, `tx_reverted`, `tx_replaced` or `tx_failed`.
        public var action: String
        public var by: String
        public var text: String
    }

    public struct Outflows: Codable, Sendable, Hashable {
        public var byPool: [String: [String: PoolFlow]]
        public var byAccount: [String: [String: AccountFlow]]

        enum CodingKeys: String, CodingKey {
            case byPool = "by_pool"
            case byAccount = "by_account"
        }
    }

    public struct PoolFlow: Codable, Sendable, Hashable {
        public var total: String
        public var blocked: String
    }

    public struct AccountFlow: Codable, Sendable, Hashable {
        public var deposited: String
        public var withdrawn: String
        public var blocked: String
    }

    /// The end state of one asset in one pool.
    public struct PoolAssetEntry: Codable, Sendable, Hashable {
        public var vault: String
        public var lpLiquidity: String
        public var insurance: String
        public var borrowed: String
        public var socializedLoss: String
        public var optionEscrow: String

        enum CodingKeys: String, CodingKey {
            case vault, insurance, borrowed
            case lpLiquidity = "lp_liquidity"
            case socializedLoss = "socialized_loss"
            case optionEscrow = "option_escrow"
        }
    }

    public struct Invariants: Codable, Sendable, Hashable {
        public var checked: Int
        public var violations: [Violation]

        public struct Violation: Codable, Sendable, Hashable {
            public var line: Int?
            public var invariant: String
            public var message: String
        }
    }
}
