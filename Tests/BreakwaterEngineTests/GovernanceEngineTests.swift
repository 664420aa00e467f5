import BreakwaterCore
import BreakwaterEngine
import BreakwaterGovernance
import BreakwaterKeys
import BreakwaterResponse
import PropertyBased
import Testing

/// Signed governance in the engine: the fast path for what reduces risk, the DAO for what increases it, and every
/// refusal a recorded rejection that changes nothing.
@Suite struct GovernanceEngineTests {
    let f = GovernanceFixture()

    /// What governance can change: pauses and freezes, the keys and proposals, limits and bands.
    struct GovernedState: Equatable {
        var containment: Containment
        var governance: Governance
        var maxShares: [Wad]
        var widths: [Wad]

        init(_ engine: Engine) {
            containment = engine.containment
            governance = engine.governance
            maxShares = engine.outflowLimiters.flatMap { $0.map(\.settings.maxShare) }
            widths = engine.bands.map(\.settings.width)
        }
    }

    @Test func guardiansPauseAtOnceAndThePauseExpiresUnlessTheDAOConfirmsIt() {
        var engine = f.engine()
        let pause = engine.apply(f.signed(.pause, by: f.threshold, nonce: 1, at: 100))
        #expect(pause.isAccepted)
        #expect(pause.actions.map(\.kind) == [.pause])
        #expect(pause.actions.first?.actor == .guardian)
        #expect(pause.actions.first?.reason.contains("until 10100 unless the DAO confirms it") == true)
        #expect(engine.apply(f.event(200, .deposit(f.movement(f.alice, 1)))).rejection?.code == .poolPaused)
        let again = engine.apply(f.signed(.pause, by: f.threshold, nonce: 2, at: 300))
        #expect(again.rejection?.code.rawValue == "nothing_to_do")
        // Past its expiry the pause ends on its own, recorded as the automation's unpause.
        let later = engine.apply(f.event(10_101, .deposit(f.movement(f.alice, 1))))
        #expect(later.isAccepted)
        #expect(later.actions.map(\.kind) == [.unpause])
        #expect(later.actions.first?.reason.contains("without the DAO's confirmation") == true)
    }

    @Test func theDAOConfirmsAGuardianPauseThroughAProposal() {
        var engine = f.engine()
        #expect(engine.apply(f.signed(.pause, by: f.threshold, nonce: 1, at: 100)).isAccepted)
        let voters = GovernanceFixture.voters
        let propose = engine.apply(f.signed(.confirmPause, role: .governor, by: [voters[0]], nonce: 2, at: 200))
        #expect(propose.actions.map(\.kind) == [.propose])
        #expect(engine.apply(f.vote(1, .for, by: voters[0], at: 300)).isAccepted)
        #expect(engine.apply(f.vote(1, .for, by: voters[1], at: 400)).isAccepted)
        #expect(engine.apply(f.event(1_200, .queue(proposal: 1))).actions.map(\.kind) == [.queue])
        let execute = engine.apply(f.event(1_700, .execute(proposal: 1)))
        #expect(execute.actions.map(\.kind) == [.confirmPause])
        #expect(execute.actions.first?.reason.hasPrefix("proposal 1 executed: ") == true)
        // Past the guardians' expiry the pause holds.
        #expect(engine.apply(f.event(20_000, .deposit(f.movement(f.alice, 1)))).rejection?.code == .poolPaused)
    }

    @Test func theDAOUnpausesAfterItsVoteAndTimelockAndNotBefore() {
        var engine = f.engine()
        let voters = GovernanceFixture.voters
        #expect(engine.apply(f.signed(.pause, by: f.threshold, nonce: 1, at: 100)).isAccepted)
        #expect(
            engine.apply(f.signed(.unpause, by: f.threshold, nonce: 2, at: 150)).rejection?.code.rawValue
                == "not_permitted"
        )
        #expect(engine.apply(f.signed(.unpause, role: .governor, by: [voters[2]], nonce: 3, at: 200)).isAccepted)
        #expect(engine.apply(f.event(250, .execute(proposal: 1))).rejection?.code.rawValue == "not_queued")
        #expect(engine.apply(f.event(260, .queue(proposal: 1))).rejection?.code.rawValue == "voting_open")
        #expect(engine.apply(f.vote(1, .for, by: voters[0], at: 300)).isAccepted)
        #expect(engine.apply(f.vote(1, .for, by: voters[0], at: 310)).rejection?.code.rawValue == "already_voted")
        #expect(
            engine.apply(f.vote(1, .against, by: GovernanceFixture.outsider, at: 320)).rejection?.code.rawValue
                == "not_a_voter"
        )
        #expect(engine.apply(f.vote(1, .against, by: voters[1], at: 330)).isAccepted)
        #expect(engine.apply(f.vote(1, .for, by: voters[2], at: 1_300)).rejection?.code.rawValue == "voting_closed")
        #expect(engine.apply(f.event(1_300, .queue(proposal: 1))).isAccepted)
        #expect(engine.apply(f.event(1_310, .queue(proposal: 1))).rejection?.code.rawValue == "already_queued")
        #expect(engine.apply(f.event(1_700, .execute(proposal: 1))).rejection?.code.rawValue == "timelock")
        let execute = engine.apply(f.event(1_800, .execute(proposal: 1)))
        #expect(execute.actions.map(\.kind) == [.unpause])
        #expect(execute.actions.first?.actor == .governance)
        #expect(engine.apply(f.event(1_900, .deposit(f.movement(f.alice, 1)))).isAccepted)
        #expect(engine.apply(f.event(2_000, .execute(proposal: 1))).rejection?.code.rawValue == "already_executed")
    }

    @Test func aProposalWithoutQuorumOrApprovalIsDefeatedAndGuardiansMayCancelOne() {
        var engine = f.engine()
        let voters = GovernanceFixture.voters
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [voters[0]],
                    nonce: 1,
                    at: 100
                )
            ).isAccepted
        )
        #expect(engine.apply(f.vote(1, .for, by: voters[1], at: 200)).isAccepted)
        let defeated = engine.apply(f.event(1_100, .queue(proposal: 1)))
        #expect(defeated.rejection?.code.rawValue == "defeated")
        #expect(defeated.rejection?.message.contains("quorum") == true)
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [voters[0]],
                    nonce: 2,
                    at: 1_200
                )
            ).isAccepted
        )
        #expect(engine.apply(f.vote(2, .for, by: voters[1], at: 1_300)).isAccepted)
        #expect(engine.apply(f.vote(2, .against, by: voters[0], at: 1_400)).isAccepted)
        #expect(engine.apply(f.event(2_300, .queue(proposal: 2))).rejection?.message.contains("approval") == true)
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [voters[0]],
                    nonce: 3,
                    at: 2_400
                )
            ).isAccepted
        )
        #expect(engine.apply(f.vote(3, .for, by: voters[0], at: 2_500)).isAccepted)
        #expect(engine.apply(f.vote(3, .abstain, by: voters[1], at: 2_600)).isAccepted)
        #expect(engine.apply(f.event(3_400, .queue(proposal: 3))).isAccepted)
        let cancel = engine.apply(
            f.signed(
                .cancelProposal,
                scope: .init(),
                parameters: ["proposal": "3"],
                by: f.threshold,
                nonce: 4,
                at: 3_500
            )
        )
        #expect(cancel.actions.map(\.kind) == [.cancel])
        #expect(engine.apply(f.event(4_000, .execute(proposal: 3))).rejection?.code.rawValue == "cancelled")
        #expect(engine.outflowLimiters[0][0].settings.maxShare == engine.config.policy.outflowLimit.maxShare)
    }

    @Test func theFastLaneLiftsAnAutomatedPauseWithASupermajorityAfterReview() {
        let rule = ResponseRule(signal: .flashLoan, minimumSeverity: .warning, response: .pausePool, blocksExits: true)
        var engine = f.engine(responses: [rule])
        let whale = AccountID(9)
        for event in [
            f.event(10, .deposit(f.movement(whale, 200_000))), f.event(10, .withdraw(f.movement(whale, 200_000))),
        ] {
            _ = engine.apply(Event(timestamp: event.timestamp, provenance: .init(block: 5), payload: event.payload))
        }
        #expect(engine.containment.ownPause(of: f.pool)?.setBy == .auto)
        let early = engine.apply(f.signed(.liftAutomatedPause, by: f.supermajority, nonce: 1, at: 1_000))
        #expect(early.rejection?.code.rawValue == "review_pending")
        let few = engine.apply(f.signed(.liftAutomatedPause, by: f.threshold, nonce: 2, at: 2_100))
        #expect(few.rejection?.code.rawValue == "below_threshold")
        let lift = engine.apply(f.signed(.liftAutomatedPause, by: f.supermajority, nonce: 3, at: 2_100))
        #expect(lift.actions.map(\.kind) == [.unpause])
        #expect(lift.actions.first?.actor == .guardian)
        let signers = f.supermajority.map { Authorizer.hex($0.publicKey) }
        #expect(signers.allSatisfy { lift.actions.first?.reason.contains($0) == true }, "the lift names its signers")
        #expect(engine.incidents.first?.isContained == true)
        #expect(lift.incidentSteps.map(\.kind) == [.resolved], "lifting the pause resolves the incident it contained")
        #expect(engine.incidents.first?.resolvedAt == Timestamp(milliseconds: 2_100))
        #expect(engine.incidents.first?.actions.last?.action.kind == .unpause)
        // A pause people set is not the automation's: the fast lane does not lift it.
        #expect(engine.apply(f.signed(.pause, by: f.threshold, nonce: 4, at: 3_000)).isAccepted)
        #expect(
            engine.apply(f.signed(.liftAutomatedPause, by: f.supermajority, nonce: 5, at: 6_000)).rejection?.code
                .rawValue == "not_automated"
        )
    }

    @Test func tighteningMustTightenAndOperatorsStayWithinTheirBounds() {
        var engine = f.engine()
        let lower = engine.apply(
            f.signed(.lowerLimit, parameters: ["max_share": "0.1"], by: f.threshold, nonce: 1, at: 100)
        )
        #expect(lower.actions.map(\.kind) == [.setLimit])
        #expect(engine.outflowLimiters[0][0].settings.maxShare == (try! Wad(parsing: "0.1")))
        let raising = engine.apply(
            f.signed(.lowerLimit, parameters: ["max_share": "0.3"], by: f.threshold, nonce: 2, at: 200)
        )
        #expect(raising.rejection?.code.rawValue == "wrong_direction")
        let operatorKey = [GovernanceFixture.operatorKey]
        let band = engine.apply(
            f.signed(
                .tightenBand,
                role: .operator,
                scope: .init(market: "ETH-PERP"),
                parameters: ["width": "0.05"],
                by: operatorKey,
                nonce: 3,
                at: 300
            )
        )
        #expect(band.actions.map(\.actor) == [.operator])
        #expect(engine.bands[0].settings.width == (try! Wad(parsing: "0.05")))
        let tooTight = engine.apply(
            f.signed(
                .tightenBand,
                role: .operator,
                scope: .init(market: "ETH-PERP"),
                parameters: ["width": "0.01"],
                by: operatorKey,
                nonce: 4,
                at: 400
            )
        )
        #expect(tooTight.rejection?.code.rawValue == "out_of_bounds")
        #expect(
            engine.apply(f.signed(.pause, role: .operator, by: operatorKey, nonce: 5, at: 500)).rejection?.code.rawValue
                == "not_permitted"
        )
        let unknown = engine.apply(
            f.signed(
                .lowerLimit,
                scope: .init(pool: "nope"),
                parameters: ["max_share": "0.05"],
                by: f.threshold,
                nonce: 6,
                at: 600
            )
        )
        #expect(unknown.rejection?.code.rawValue == "bad_scope")
        let missing = engine.apply(f.signed(.lowerLimit, by: f.threshold, nonce: 7, at: 700))
        #expect(missing.rejection?.code.rawValue == "bad_parameter")
    }

    @Test func aRevokedGuardianKeyNoLongerCountsAndTheDAOAddsKeys() {
        var engine = f.engine()
        let guardians = GovernanceFixture.guardians
        let revoked = guardians[4]
        let parameters = ["key": PublicKeyText.text(revoked.publicKey)]
        let revoke = engine.apply(
            f.signed(.revokeGuardian, scope: .init(), parameters: parameters, by: f.threshold, nonce: 1, at: 100)
        )
        #expect(revoke.actions.map(\.kind) == [.revokeKey])
        let withRevoked = engine.apply(f.signed(.pause, by: [guardians[0], guardians[1], revoked], nonce: 2, at: 200))
        #expect(withRevoked.rejection?.code.rawValue == "unknown_key")
        let locked = [3, 2].map { index in
            engine.apply(
                f.signed(
                    .revokeGuardian,
                    scope: .init(),
                    parameters: ["key": PublicKeyText.text(guardians[index].publicKey)],
                    by: f.threshold,
                    nonce: UInt64(3 + index),
                    at: 300
                )
            )
        }
        #expect(
            locked[0].rejection?.code.rawValue == "would_lock_guardians",
            "4 keys left keep the supermajority of 4; 3 would not"
        )
        #expect(locked[1].rejection?.code.rawValue == "would_lock_guardians")
        #expect(
            engine.apply(
                f.signed(.addGuardian, scope: .init(), parameters: parameters, by: f.threshold, nonce: 9, at: 400)
            ).rejection?.code.rawValue == "not_permitted"
        )
        let voters = GovernanceFixture.voters
        #expect(
            engine.apply(
                f.signed(
                    .addGuardian,
                    role: .governor,
                    scope: .init(),
                    parameters: parameters,
                    by: [voters[0]],
                    nonce: 10,
                    at: 500
                )
            ).isAccepted
        )
        _ = engine.apply(f.vote(1, .for, by: voters[0], at: 600))
        _ = engine.apply(f.vote(1, .for, by: voters[1], at: 600))
        _ = engine.apply(f.event(1_500, .queue(proposal: 1)))
        #expect(engine.apply(f.event(2_000, .execute(proposal: 1))).actions.map(\.kind) == [.addKey])
        #expect(engine.governance.guardians.contains(revoked.publicKey))
    }

    /// The DAO replaces the voting power snapshot; a proposal counts votes with the snapshot it was made under.
    @Test func theDAOReplacesItsVotingPowerSnapshot() {
        var engine = f.engine()
        let voters = GovernanceFixture.voters
        let outsider = GovernanceFixture.outsider
        let snapshot = [PublicKeyText.text(outsider.publicKey): "1000", PublicKeyText.text(voters[0].publicKey): "10"]
        #expect(
            engine.apply(
                f.signed(
                    .snapshotVotingPower,
                    role: .governor,
                    scope: .init(),
                    parameters: snapshot,
                    by: [voters[0]],
                    nonce: 1,
                    at: 100
                )
            ).isAccepted
        )
        _ = engine.apply(f.vote(1, .for, by: voters[0], at: 200))
        _ = engine.apply(f.vote(1, .for, by: voters[1], at: 200))
        #expect(engine.apply(f.event(1_100, .queue(proposal: 1))).isAccepted)
        // Proposal 2 is made under the config's snapshot, and still voting when the new one takes over.
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [voters[1]],
                    nonce: 2,
                    at: 1_500
                )
            ).isAccepted
        )
        let set = engine.apply(f.event(1_600, .execute(proposal: 1)))
        #expect(set.actions.map(\.kind) == [.votingPower])
        #expect(Set(engine.governance.voters.map(\.power)) == [Wad(1_000), Wad(10)])
        #expect(engine.apply(f.vote(2, .for, by: outsider, at: 1_700)).rejection?.code.rawValue == "not_a_voter")
        #expect(engine.apply(f.vote(2, .for, by: voters[1], at: 1_700)).isAccepted, "proposal 2 keeps its snapshot")
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [outsider],
                    nonce: 3,
                    at: 1_800
                )
            ).isAccepted
        )
        #expect(
            engine.apply(f.vote(3, .for, by: outsider, at: 1_900)).isAccepted,
            "the new snapshot counts on a new proposal"
        )
        #expect(engine.apply(f.vote(3, .for, by: voters[1], at: 1_950)).rejection?.code.rawValue == "not_a_voter")
        let bad = engine.apply(
            f.signed(
                .snapshotVotingPower,
                role: .governor,
                scope: .init(),
                parameters: ["alice": "1"],
                by: [outsider],
                nonce: 4,
                at: 2_000
            )
        )
        #expect(bad.rejection?.code.rawValue == "bad_parameter")
    }

    /// Regressions from review: a queue at the end of time saturates instead of trapping; a vote on a cancelled
    /// proposal says so; a snapshot cannot list a key twice; a proposal cannot cancel itself; an unsigned
    /// governance line is refused once the deployment has keys.
    @Test func edgeCasesAreRefusedOrSaturatedNeverTrapped() {
        var engine = f.engine()
        let voters = GovernanceFixture.voters
        #expect(
            engine.apply(
                f.signed(
                    .raiseLimit,
                    role: .governor,
                    parameters: ["max_share": "0.5"],
                    by: [voters[0]],
                    nonce: 1,
                    at: 100
                )
            ).isAccepted
        )
        _ = engine.apply(f.vote(1, .for, by: voters[0], at: 200))
        _ = engine.apply(f.vote(1, .for, by: voters[1], at: 200))
        #expect(engine.apply(f.event(.max, .queue(proposal: 1))).isAccepted)
        #expect(engine.governance.proposals.first?.status == .queued(eta: .max))
        var cancelled = f.engine()
        _ = cancelled.apply(
            f.signed(.raiseLimit, role: .governor, parameters: ["max_share": "0.5"], by: [voters[0]], nonce: 1, at: 100)
        )
        _ = cancelled.apply(
            f.signed(.cancelProposal, scope: .init(), parameters: ["proposal": "1"], by: f.threshold, nonce: 2, at: 150)
        )
        #expect(cancelled.apply(f.vote(1, .for, by: voters[0], at: 200)).rejection?.code.rawValue == "cancelled")
        let twice = [
            PublicKeyText.text(voters[0].publicKey): "1",
            "ed25519:" + Hex.encode(voters[0].publicKey).uppercased(): "2",
        ]
        let duplicate = cancelled.apply(
            f.signed(
                .snapshotVotingPower,
                role: .governor,
                scope: .init(),
                parameters: twice,
                by: [voters[0]],
                nonce: 3,
                at: 300
            )
        )
        #expect(duplicate.rejection?.code.rawValue == "bad_parameter")
        let itself = cancelled.apply(
            f.signed(
                .cancelProposal,
                role: .governor,
                scope: .init(),
                parameters: ["proposal": "2"],
                by: [voters[0]],
                nonce: 4,
                at: 400
            )
        )
        #expect(itself.rejection?.code.rawValue == "unknown_proposal", "proposal 2 would be this very proposal")
        let unsigned = cancelled.apply(f.event(500, .governance(GovernanceAction(kind: .unpause, pool: f.pool))))
        #expect(unsigned.rejection?.code.rawValue == "not_permitted")
    }

    @Test func everyCheckThatFailsIsARecordedRejectionThatChangesNothing() {
        var engine = f.engine()
        #expect(engine.apply(f.signed(.pause, by: f.threshold, nonce: 7, at: 50)).isAccepted)
        #expect(
            engine.apply(f.signed(.unpause, role: .governor, by: [GovernanceFixture.voters[0]], nonce: 8, at: 60))
                .isAccepted
        )
        let before = GovernedState(engine)
        var tampered = f.signed(
            .freezeAccount,
            scope: .init(account: "alice"),
            by: f.threshold,
            nonce: 20,
            at: 100,
            account: f.alice
        )
        if case .signedAction(var signed) = tampered.payload {
            signed.signed.signatures[1].signature[0] ^= 1
            tampered.payload = .signedAction(signed)
        }
        let duplicate = Array(f.threshold.prefix(2)) + [f.threshold[0]]
        let attempts: [(Event, String)] = [
            (f.signed(.pause, scope: .init(), by: Array(f.threshold.prefix(2)), nonce: 20, at: 100), "below_threshold"),
            (f.signed(.pause, scope: .init(), by: duplicate, nonce: 20, at: 100), "duplicate_signature"),
            (tampered, "bad_signature"),
            (f.signed(.pause, scope: .init(), by: f.threshold, nonce: 7, at: 100), "replayed_nonce"),
            (f.signed(.pause, scope: .init(), by: f.threshold, nonce: 20, at: 100, expiresAt: 100), "expired"),
            (f.signed(.pause, scope: .init(), by: f.threshold, nonce: 20, at: 100, domain: "other"), "wrong_domain"),
            (f.signed(.pause, role: .observer, scope: .init(), by: f.threshold, nonce: 20, at: 100), "not_permitted"),
            (
                f.signed(.pause, scope: .init(), by: [GovernanceFixture.outsider] + f.threshold, nonce: 20, at: 100),
                "unknown_key"
            ),
            (
                f.signed(
                    .payClaim,
                    role: .governor,
                    scope: .init(),
                    parameters: ["incident": "INC-0009"],
                    by: [GovernanceFixture.voters[0]],
                    nonce: 20,
                    at: 100
                ), "bad_parameter"
            ),
            (f.signed(.pause, scope: .init(market: "ETH-PERP"), by: f.threshold, nonce: 20, at: 100), "bad_scope"),
            (
                f.signed(
                    .upgradeModule,
                    role: .governor,
                    scope: .init(module: "risk"),
                    by: [GovernanceFixture.voters[0]],
                    nonce: 20,
                    at: 100
                ), "bad_scope"
            ),
            (f.event(100, .execute(proposal: 1)), "not_queued"),
            (f.event(100, .execute(proposal: 9)), "unknown_proposal"),
        ]
        for (event, code) in attempts {
            let decision = engine.apply(event)
            #expect(decision.rejection?.code.rawValue == code, "\(code): \(String(describing: decision.rejection))")
            #expect(decision.actions.isEmpty)
            #expect(GovernedState(engine) == before, "\(code) changed nothing")
        }
    }

    /// Whatever sequence of governance events arrives, none signed as the matrix requires (too few keys, keys of
    /// another role, signatures broken), the governed state does not change.
    @Test func noSequenceWithoutTheRequiredSignaturesChangesTheGovernedState() async {
        let keys =
            GovernanceFixture.guardians + GovernanceFixture.voters + [
                GovernanceFixture.operatorKey, GovernanceFixture.outsider,
            ]
        let kinds = GovernedAction.Kind.allCases
        await propertyCheck(count: 60, input: Gen.int(in: 0..<1_000_000).array(of: 1...12)) { codes in
            var engine = f.engine()
            let before = GovernedState(engine)
            for (index, code) in codes.enumerated() {
                let kind = kinds[code % kinds.count]
                let role = Role.allCases[(code / 16) % Role.allCases.count]
                // Fewer signatures than any path needs from the role's own keys, or keys of the wrong role.
                let signers: [SigningKey]
                switch role {
                case .guardian: signers = Array(GovernanceFixture.guardians.prefix((code / 64) % 3))
                case .operator, .governor, .observer:
                    signers = [keys[(code / 64) % keys.count]].filter { key in
                        role == .observer
                            || !(role == .operator ? [GovernanceFixture.operatorKey] : GovernanceFixture.voters)
                                .contains { $0.publicKey == key.publicKey }
                    }
                }
                let ms = Int64(100 + index * 700)
                let event =
                    switch (code / 4096) % 4 {
                    case 0, 1:
                        f.signed(
                            kind,
                            role: role,
                            scope: .init(pool: "main", market: "ETH-PERP"),
                            parameters: ["max_share": "0.1", "width": "0.1", "proposal": "1"],
                            by: signers,
                            nonce: UInt64(code),
                            at: ms
                        )
                    case 2: f.vote(UInt64(1 + code % 2), .for, by: GovernanceFixture.outsider, at: ms)
                    default: f.event(ms, code % 2 == 0 ? .queue(proposal: 1) : .execute(proposal: 1))
                    }
                #expect(engine.apply(event).rejection != nil)
            }
            #expect(GovernedState(engine) == before)
        }
    }
}
