public import BreakwaterReportKit

/// A post-mortem of the incidents a journal recorded, as `breakwater postmortem` writes it to `postmortem.json`
/// (documented in `docs/postmortem.md`); the Markdown and HTML pages are rendered from it. Amounts are exact
/// decimal strings in the quote unit; chart values are plotted numbers.
public struct PostmortemReport: Codable, Sendable, Hashable {
    /// The protocol config's name.
    public var config: String
    /// The head of the journal the report was read from, which verified.
    public var journalHead: String
    public var events: Int
    public var firstEventAt: Int64
    public var lastEventAt: Int64
    public var incidents: [IncidentReport]

    enum CodingKeys: String, CodingKey {
        case config, events, incidents
        case journalHead = "journal_head"
        case firstEventAt = "first_event_at"
        case lastEventAt = "last_event_at"
    }

    /// Everything about one incident.
    public struct IncidentReport: Codable, Sendable, Hashable {
        public var summary: Summary
        public var timeline: [TimelineEntry]
        public var transactions: [Transaction]
        public var affectedAccounts: [AffectedAccount]
        /// The incident's accounts, largest extraction first.
        public var attackers: [Attacker]
        public var fundsFlow: [FundsFlow]
        public var charts: Charts
        /// The same journal under other policies: with every response off, and with thresholds changed.
        public var counterfactuals: [Counterfactual]
        public var recommendation: String

        enum CodingKeys: String, CodingKey {
            case summary, timeline, transactions, attackers, charts, counterfactuals, recommendation
            case affectedAccounts = "affected_accounts"
            case fundsFlow = "funds_flow"
        }
    }

    public struct Summary: Codable, Sendable, Hashable {
        public var id: String
        /// The incident's kind: `oracle_manipulation`, `market_stress`, `oracle_failure`, `feed_fault`,
        /// `liquidity_drain`, `liquidation_cascade`, `logic_bug`, ….
        public var vector: String
        /// How serious its classification makes it: `info`, `warning` or `critical`.
        public var severity: String
        /// Why it is classified so: how the move behind its price signal read; absent without one.
        public var classification: String? = nil
        public var scope: String
        /// What the incident's accounts took out beyond what they put in.
        public var lossRealized: String
        /// What they would have taken with every response off (automated or signed), minus what they took.
        public var lossPrevented: String
        /// Bad debt socialized to the LPs of the incident's pool by the end of the run.
        public var badDebt: String
        public var firstAnomalousAt: Int64
        public var firstAnomalousLine: Int
        public var detectedAt: Int64
        @NullEncoded public var containedAt: Int64?
        public var timeToDetectMs: Int64
        @NullEncoded public var timeToContainMs: Int64?

        enum CodingKeys: String, CodingKey {
            case id, vector, severity, classification, scope
            case lossRealized = "loss_realized"
            case lossPrevented = "loss_prevented"
            case badDebt = "bad_debt"
            case firstAnomalousAt = "first_anomalous_at"
            case firstAnomalousLine = "first_anomalous_line"
            case detectedAt = "detected_at"
            case containedAt = "contained_at"
            case timeToDetectMs = "time_to_detect_ms"
            case timeToContainMs = "time_to_contain_ms"
        }
    }

    /// One line of the timeline: an event, a signal, an action, a governance step or a refusal.
    public struct TimelineEntry: Codable, Sendable, Hashable {
        public var ts: Int64
        /// RFC 3339 in UTC, to the millisecond.
        public var utc: String
        public var line: Int
        /// `event`, `signal`, `action`, `governance` or `rejection`.
        public var kind: String
        public var summary: String
        /// The block and transaction of the event, or of the event that caused it, when its line had them.
        public var block: Int64? = nil
        public var tx: String? = nil

        /// ``summary`` with the block and transaction, when known: `… (block 6, tx 0xd8920b1b…)`.
        var summaryWithPlace: String {
            guard let block else { return summary }
            return summary + " (block \(block)" + (tx.map { ", tx \($0.prefix(10))…" } ?? "") + ")"
        }
    }

    /// An event of one of the incident's accounts in the incident's window.
    public struct Transaction: Codable, Sendable, Hashable {
        public var line: Int
        public var ts: Int64
        public var kind: String
        public var account: String
        public var detail: String
        /// `accepted`, or the reason code it was refused with.
        public var outcome: String
        /// The chain transaction, when the stream gave one.
        public var transaction: String?
    }

    /// An account the incident or its containment touched without being one of its actors.
    public struct AffectedAccount: Codable, Sendable, Hashable {
        public var account: String
        /// `lp` (provides liquidity to the pool) or `refused` (an operation refused during the incident).
        public var role: String
        public var detail: String
    }

    public struct Attacker: Codable, Sendable, Hashable {
        public var account: String
        /// Withdrawn minus deposited, valued at the run's final prices.
        public var extracted: String
        /// Withdrawals refused, valued likewise.
        public var blocked: String
        public var events: Int
        public var rejections: Int
        public var firstSeenAt: Int64

        enum CodingKeys: String, CodingKey {
            case account, extracted, blocked, events, rejections
            case firstSeenAt = "first_seen_at"
        }
    }

    /// Funds that moved between an account, a pool and its insurance fund over the whole run.
    public struct FundsFlow: Codable, Sendable, Hashable {
        public var from: String
        public var to: String
        public var asset: String
        public var amount: String
    }

    public struct Charts: Codable, Sendable, Hashable {
        /// The span plotted.
        public var from: Int64
        public var to: Int64
        /// Each feed's price and the guarded price, per asset.
        public var prices: [LineChart]
        /// The pool's liquidity, its outflow over the limit's refill period and the limit, per asset.
        public var liquidity: [LineChart]
        /// Breaker levels per scope: 0 normal, 1 limited, 2 halted.
        public var breakers: LineChart
    }

    public struct LineChart: Codable, Sendable, Hashable {
        public var title: String
        public var series: [Series]
    }

    public struct Series: Codable, Sendable, Hashable {
        public var name: String
        /// `[ts, value]` pairs in time order.
        public var points: [[Double]]
        /// Drawn as steps (a state) rather than a line.
        public var steps: Bool
    }

    /// What another policy would have done about this incident.
    public struct Counterfactual: Codable, Sendable, Hashable {
        public var policy: String
        @NullEncoded public var timeToDetectMs: Int64?
        @NullEncoded public var timeToContainMs: Int64?
        public var loss: String
        /// Positive: this policy would have lost less than the recorded one.
        public var saved: String
        public var rejected: Int
        public var incidents: Int

        enum CodingKeys: String, CodingKey {
            case policy, loss, saved, rejected, incidents
            case timeToDetectMs = "time_to_detect_ms"
            case timeToContainMs = "time_to_contain_ms"
        }
    }
}
