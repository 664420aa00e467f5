import BreakwaterCore
import BreakwaterKeys

/// The end of the demo's story: the people with keys take over from the automation.
///
/// Guardians pause the attacked pool and ship a hotfix of the vulnerable valuation code behind the short timelock;
/// the DAO votes to unpause, and after its timelock the pause is lifted, which resolves the incident and settles
/// the LPs' insurance claim. The keys are derived from public seeds: they sign for the demo's deployment only.
public enum DemoGovernance {
    public static let domain = "breakwater-demo"
    static let guardians = (1...3).map { key("guardian-\($0)") }
    static let voters = (1...3).map { key("voter-\($0)") }

    /// A demo key: its 32-byte seed is `breakwater demo NAME`, padded with zeros.
    private static func key(_ name: String) -> SigningKey {
        var seed = Array("breakwater demo \(name)".utf8.prefix(32))
        seed += Array(repeating: 0, count: 32 - seed.count)
        // 32 bytes by construction: the key always exists.
        return try! SigningKey(seed: seed)
    }

    /// The config's `governance` section for the demo's keys, with periods that fit the three-hour story.
    public static var yaml: String {
        let guardianKeys = guardians.map { "\"\(PublicKeyText.text($0.publicKey))\"" }.joined(separator: ", ")
        let voterLines = zip(voters, ["400000", "350000", "250000"]).map { key, power in
            "      - { key: \"\(PublicKeyText.text(key.publicKey))\", power: \"\(power)\" }"
        }
        return """

            governance:
              domain: \(domain)
              guardians:
                keys: [\(guardianKeys)]
                threshold: 2
                supermajority: 3
                pause_ms: 86400000
              dao:
                voters:
            \(voterLines.joined(separator: "\n"))
                voting_period_ms: 1800000
                timelock_ms: 1800000
                short_timelock_ms: 600000

            """
    }

    /// The governance events, from `attack` (when the attacker funds its accounts) on.
    static func events(after attack: Timestamp) -> [(Event.Payload, Timestamp)] {
        func at(_ minutes: Int64) -> Timestamp { attack.advanced(by: minutes * 60_000) }
        let twoGuardians = Array(guardians.prefix(2))
        return [
            signed(.pause, .init(pool: "alts"), by: twoGuardians, nonce: 1, at: at(1)),
            signed(
                .emergencyHotfix,
                .init(module: "valuation/MNGO-PERP"),
                ["code": "realized-profit-only"],
                by: twoGuardians,
                nonce: 2,
                at: at(2)
            ),
            (.execute(proposal: 1), at(12)),
            signed(.unpause, .init(pool: "alts"), role: .governor, by: [voters[0]], nonce: 3, at: at(15)),
            vote(voters[0], .for, on: 2, at: at(16)),
            vote(voters[1], .for, on: 2, at: at(17)),
            vote(voters[2], .against, on: 2, at: at(18)),
            (.queue(proposal: 2), at(45)),
            (.execute(proposal: 2), at(75)),
        ]
    }

    /// A hostile takeover of the DAO, as at Build Finance (2022): whoever holds the keys of voters 1 and 2 (750,000
    /// of 1,000,000 votes) proposes to lift pool `alts`' outflow limit (`raise_limit` to a share of 1) and votes it
    /// through; once it is queued, two guardians cancel it inside the timelock, and the execution is refused.
    static func maliciousProposal(after attack: Timestamp) -> [(Event.Payload, Timestamp)] {
        func at(_ minutes: Int64) -> Timestamp { attack.advanced(by: minutes * 60_000) }
        return [
            signed(
                .raiseLimit,
                .init(pool: "alts"),
                ["max_share": "1"],
                role: .governor,
                by: [voters[0]],
                nonce: 1,
                at: at(0)
            ),
            vote(voters[0], .for, on: 1, at: at(1)),
            vote(voters[1], .for, on: 1, at: at(2)),
            (.queue(proposal: 1), at(31)),
            signed(.cancelProposal, .init(), ["proposal": "1"], by: Array(guardians.suffix(2)), nonce: 2, at: at(40)),
            (.execute(proposal: 1), at(62)),
        ]
    }

    /// A buggy release and its hotfix, as at Euler (2023) or Compound's Proposal 62 (2021): the DAO upgrades
    /// `withdrawal/alts` to a version that skips the health check (proposed 88 minutes before the attack, in force 26
    /// minutes before it), and three minutes into the attack two guardians ship the fixed version behind the short
    /// timelock.
    static func buggyRelease(after attack: Timestamp) -> [(Event.Payload, Timestamp)] {
        func at(_ minutes: Int64) -> Timestamp { attack.advanced(by: minutes * 60_000) }
        let module = GovernedAction.Scope(module: "withdrawal/alts")
        return [
            signed(
                .upgradeModule,
                module,
                ["code": "skips-health-check"],
                role: .governor,
                by: [voters[0]],
                nonce: 1,
                at: at(-88)
            ),
            vote(voters[0], .for, on: 1, at: at(-87)),
            vote(voters[1], .for, on: 1, at: at(-86)),
            (.queue(proposal: 1), at(-57)),
            (.execute(proposal: 1), at(-26)),
            signed(
                .emergencyHotfix,
                module,
                ["code": "health-checked"],
                by: Array(guardians.prefix(2)),
                nonce: 2,
                at: at(3)
            ),
            (.execute(proposal: 2), at(14)),
        ]
    }

    private static func signed(
        _ kind: GovernedAction.Kind,
        _ scope: GovernedAction.Scope,
        _ parameters: [String: String] = [:],
        role: Role = .guardian,
        by keys: [SigningKey],
        nonce: UInt64,
        at time: Timestamp
    ) -> (Event.Payload, Timestamp) {
        var action = SignedAction(
            domain: domain,
            role: role,
            action: GovernedAction(kind: kind, scope: scope, parameters: parameters),
            nonce: nonce,
            expiresAt: time.advanced(by: 600_000).milliseconds
        )
        // Signing a message with a valid key does not fail.
        for key in keys { action = try! key.signing(action) }
        return (.signedAction(SignedActionEvent(signed: action)), time)
    }

    private static func vote(
        _ voter: SigningKey,
        _ support: SignedVote.Support,
        on proposal: UInt64,
        at time: Timestamp
    ) -> (Event.Payload, Timestamp) {
        (.vote(try! voter.signing(SignedVote(domain: domain, proposal: proposal, support: support, voter: []))), time)
    }
}
