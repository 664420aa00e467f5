import BreakwaterCore
public import BreakwaterEngine
import BreakwaterGovernance
import BreakwaterReportKit
import BreakwaterResponse

/// The governance state of a run, as `govern status` prints it and the service serves it (JSON fields are
/// documented in docs/governance.md).
public struct GovernanceStatus: Encodable, Sendable {
    var domain: String
    /// The last event's time.
    var at: Int64
    var guardians: [String]
    var guardianThreshold: Int
    var guardianSupermajority: Int
    var noncesUsed: Int
    var proposals: [ProposalEntry]
    var pauses: [PauseEntry]

    struct ProposalEntry: Encodable, Sendable {
        var id: UInt64
        var action: String
        var path: String
        var status: String
        var votingEndsAt: Int64
        var executableAt: Int64?
        var votesFor: String
        var against: String
        var abstain: String

        enum CodingKeys: String, CodingKey {
            case id, action, path, status, against, abstain
            case votingEndsAt = "voting_ends_at"
            case executableAt = "executable_at"
            case votesFor = "for"
        }
    }

    struct PauseEntry: Encodable, Sendable {
        var scope: String
        var since: Int64
        var by: String
        var expiresAt: Int64?
        var reason: String

        enum CodingKeys: String, CodingKey {
            case scope, since, by, reason
            case expiresAt = "expires_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case domain, at, guardians, proposals, pauses
        case guardianThreshold = "guardian_threshold"
        case guardianSupermajority = "guardian_supermajority"
        case noncesUsed = "nonces_used"
    }

    /// The governance state of `engine` after its event at `time` (milliseconds since the epoch).
    public init(engine: Engine, at time: Int64) {
        let governance = engine.governance
        domain = governance.config.domain
        at = time
        guardians = governance.guardians.map(PublicKeyText.text)
        guardianThreshold = governance.config.guardianThreshold
        guardianSupermajority = governance.config.guardianSupermajority
        noncesUsed = governance.usedNonces.count
        proposals = governance.proposals.map { proposal in
            var eta: Int64?
            if case .queued(let at) = proposal.status { eta = at }
            return ProposalEntry(
                id: proposal.id,
                action: proposal.action.summary,
                path: proposal.path.rawValue,
                status: proposal.status.name,
                votingEndsAt: proposal.votingEndsAt,
                executableAt: eta,
                votesFor: proposal.tally.votesFor.description,
                against: proposal.tally.against.description,
                abstain: proposal.tally.abstain.description
            )
        }
        let config = engine.config
        pauses = ([nil] + config.poolIDs.map(Optional.some)).compactMap { pool in
            guard let pause = engine.containment.ownPause(of: pool) else { return nil }
            return PauseEntry(
                scope: pool.map { "pool \(config.pool($0).name)" } ?? "protocol",
                since: pause.since.milliseconds,
                by: pause.setBy.rawValue,
                expiresAt: pause.expiresAt?.milliseconds,
                reason: pause.reason
            )
        }
    }

    /// For a person: one line per guardian, proposal and pause.
    public func text() -> String {
        var lines = [
            "governance of \(domain) at \(at)",
            "guardians: \(guardians.count) keys, threshold \(guardianThreshold), supermajority \(guardianSupermajority); \(noncesUsed) nonces used",
        ]
        lines += guardians.map { "  \($0)" }
        lines.append(proposals.isEmpty ? "proposals: none" : "proposals:")
        for proposal in proposals {
            let when =
                proposal.executableAt.map { ", executable from \($0)" }
                ?? (proposal.status == "active" ? ", voting until \(proposal.votingEndsAt)" : "")
            lines.append(
                "  \(proposal.id) \(proposal.action) (\(proposal.path)): \(proposal.status)\(when); for \(proposal.votesFor), against \(proposal.against), abstain \(proposal.abstain)"
            )
        }
        lines.append(pauses.isEmpty ? "pauses: none" : "pauses:")
        for pause in pauses {
            let expiry =
                pause.expiresAt.map { ", ends at \($0) unless the DAO confirms it" } ?? ", until governance lifts it"
            lines.append("  \(pause.scope) since \(pause.since) by \(pause.by)\(expiry): \(pause.reason)")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String { ReportJSON.text(of: self) }
}
