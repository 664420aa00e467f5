import BreakwaterCore
import BreakwaterGovernance

/// Signed governance: actions checked against the permission matrix and carried out, DAO votes, queueing and
/// execution. A refused attempt is a rejection with the governance code, and changes nothing.
extension Engine {
    mutating func govern(_ event: SignedActionEvent, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        let signed = event.signed
        do {
            let authorization = try governance.authorize(signed, at: now.milliseconds, verifier: verifier)
            switch authorization.path {
            case .proposal, .shortTimelock:
                try checkWellFormed(signed.action, account: event.account, path: authorization.path, at: now)
                let proposal = governance.commit(authorization, account: event.account, at: now.milliseconds)
                guard let proposal else { return nil }
                decision.actions.append(
                    Action(
                        kind: .propose,
                        scope: .wholeProtocol,
                        actor: actor(of: signed.role),
                        reason: "proposal \(proposal.id): \(signed.action.summary); "
                            + (proposal.path == .proposal
                                ? "voting until \(proposal.votingEndsAt)" : "hotfix timelocked")
                    )
                )
            case .immediate, .supermajorityAfterReview, .denied:
                let apply = try effect(
                    of: signed.action,
                    account: event.account,
                    by: actor(of: signed.role),
                    signers: authorization.signers,
                    path: authorization.path,
                    at: now
                )
                governance.commit(authorization, account: event.account, at: now.milliseconds)
                decision.actions += apply(&self)
            }
            return nil
        } catch {
            return Rejection(error)
        }
    }

    mutating func count(_ vote: SignedVote, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        do {
            let proposal = try governance.vote(vote, at: now.milliseconds, verifier: verifier)
            let tally = proposal.tally
            decision.actions.append(
                Action(
                    kind: .vote,
                    scope: .wholeProtocol,
                    actor: .governance,
                    reason:
                        "key \(Authorizer.hex(vote.voter)) voted \(vote.support.rawValue) on proposal \(proposal.id): "
                        + "for \(tally.votesFor), against \(tally.against), abstain \(tally.abstain)"
                )
            )
            return nil
        } catch {
            return Rejection(error)
        }
    }

    mutating func queue(_ id: UInt64, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        do {
            let proposal = try governance.queue(id, at: now.milliseconds)
            guard case .queued(let eta) = proposal.status else { return nil }
            let tally = proposal.tally
            decision.actions.append(
                Action(
                    kind: .queue,
                    scope: .wholeProtocol,
                    actor: .governance,
                    reason:
                        "proposal \(id) passed (for \(tally.votesFor), against \(tally.against), abstain \(tally.abstain)); "
                        + "executable from \(eta)"
                )
            )
            return nil
        } catch {
            return Rejection(error)
        }
    }

    mutating func execute(_ id: UInt64, at now: Timestamp, into decision: inout Decision) -> Rejection? {
        do {
            let proposal = try governance.executable(id, at: now.milliseconds)
            let actor: Action.Actor = proposal.path == .shortTimelock ? .guardian : .governance
            let apply = try effect(of: proposal.action, account: proposal.account, by: actor, signers: [], at: now)
            governance.markExecuted(id, at: now.milliseconds)
            decision.actions += apply(&self).map { action in
                var action = action
                action.reason = "proposal \(id) executed: " + action.reason
                return action
            }
            return nil
        } catch {
            return Rejection(error)
        }
    }

    /// Refuses now, not after its vote, a proposal that could never be carried out: one that names what the
    /// protocol does not have or lacks a parameter; and a hotfix that would not only reduce risk. What depends on the state (is the pool paused?) is checked at execution.
    private func checkWellFormed(
        _ action: GovernedAction,
        account: AccountID?,
        path: PermissionMatrix.Path,
        at now: Timestamp
    ) throws(GovernanceError) {
        var refused: Set<GovernanceError.Code> = [.badScope, .badParameter, .unknownProposal]
        if path == .shortTimelock { refused.insert(.wrongDirection) }
        do {
            _ = try effect(of: action, account: account, by: .governance, signers: [], at: now)
        } catch {
            if refused.contains(error.code) { throw error }
        }
    }

    private func actor(of role: Role) -> Action.Actor {
        switch role {
        case .guardian: .guardian
        case .operator: .operator
        case .governor, .observer: .governance
        }
    }
}

extension Rejection {
    /// A refused governance attempt, with the governance code.
    init(_ error: GovernanceError) {
        self.init(Code(rawValue: error.code.rawValue), error.message)
    }
}
