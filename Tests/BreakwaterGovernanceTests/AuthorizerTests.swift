import BreakwaterCore
import BreakwaterGovernance
import BreakwaterKeys
import PropertyBased
import Testing

/// Every check a signed action goes through, each failure with its code, and what a success consumes.
@Suite struct AuthorizerTests {
    static let guardians = (0..<5).map { _ in SigningKey.generate() }
    static let operatorKey = SigningKey.generate()
    static let ring = KeyRing(
        domain: "mainnet-1",
        keys: [.guardian: Set(guardians.map(\.publicKey)), .operator: [operatorKey.publicKey]],
        guardianThreshold: 3,
        guardianSupermajority: 4
    )

    static func authorizer() -> Authorizer { Authorizer(ring: ring, verifier: Ed25519Verifier()) }

    static func signed(
        _ kind: GovernedAction.Kind = .pause,
        role: Role = .guardian,
        by keys: [SigningKey],
        domain: String = "mainnet-1",
        nonce: UInt64 = 1,
        expiresAt: Int64 = 1_000
    ) throws -> SignedAction {
        var action = SignedAction(
            domain: domain,
            role: role,
            action: GovernedAction(kind: kind, scope: .init(pool: "alts")),
            nonce: nonce,
            expiresAt: expiresAt
        )
        action.signatures = try keys.map { try $0.sign(action) }
        return action
    }

    static func failure(_ action: SignedAction, at time: Int64 = 0, on authorizer: inout Authorizer) -> GovernanceError?
    {
        do {
            _ = try authorizer.authorize(action, at: time)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGuardianPauseWithTheThresholdPassesAndUsesItsNonce() throws {
        var authorizer = Self.authorizer()
        #expect(try authorizer.authorize(try Self.signed(by: Array(Self.guardians.prefix(3))), at: 0) == .immediate)
        #expect(authorizer.usedNonces == [1])
        let again = Self.failure(try Self.signed(by: Array(Self.guardians.prefix(3))), on: &authorizer)
        #expect(again?.code == .replayedNonce)
    }

    @Test func eachFailureHasItsCodeAndChangesNothing() throws {
        let three = Array(Self.guardians.prefix(3))
        var tampered = try Self.signed(by: three)
        tampered.action.scope.pool = "main"
        var duplicate = try Self.signed(by: three)
        duplicate.signatures.append(duplicate.signatures[0])
        var stranger = try Self.signed(by: three)
        stranger.signatures[0] = try SigningKey.generate().sign(stranger)
        let cases: [(SignedAction, Int64, GovernanceError.Code)] = [
            (try Self.signed(by: three, domain: "testnet"), 0, .wrongDomain),
            (try Self.signed(by: three, expiresAt: 10), 10, .expired),
            (try Self.signed(.unpause, by: three), 0, .notPermitted),
            (try Self.signed(.pause, role: .observer, by: three), 0, .notPermitted),
            (stranger, 0, .unknownKey),
            (duplicate, 0, .duplicateSignature),
            (tampered, 0, .badSignature),
            (try Self.signed(by: Array(three.prefix(2))), 0, .belowThreshold),
            (try Self.signed(.liftAutomatedPause, by: three), 0, .belowThreshold),
            (try Self.signed(.raiseLimit, role: .operator, by: [Self.operatorKey]), 0, .notPermitted),
        ]
        for (action, time, code) in cases {
            var authorizer = Self.authorizer()
            #expect(Self.failure(action, at: time, on: &authorizer)?.code == code, "\(code)")
            #expect(authorizer.usedNonces.isEmpty, "a refused action uses no nonce (\(code))")
        }
    }

    @Test func theSupermajorityLiftsAnAutomatedPauseAndAnOperatorTightens() throws {
        var authorizer = Self.authorizer()
        #expect(
            try authorizer.authorize(try Self.signed(.liftAutomatedPause, by: Array(Self.guardians.prefix(4))), at: 0)
                == .supermajorityAfterReview
        )
        #expect(
            try authorizer.authorize(
                try Self.signed(.lowerLimit, role: .operator, by: [Self.operatorKey], nonce: 2),
                at: 0
            ) == .immediate
        )
        #expect(
            try authorizer.authorize(
                try Self.signed(.emergencyHotfix, by: Array(Self.guardians.prefix(3)), nonce: 3),
                at: 0
            ) == .shortTimelock
        )
    }

    /// Whatever field is changed after signing (the domain, role, action, scope, a parameter, the nonce, the expiry),
    /// the signatures no longer verify.
    @Test func anyChangeAfterSigningBreaksTheSignatures() async throws {
        let signers = Array(Self.guardians.prefix(3))
        await propertyCheck(count: 100, input: Gen.int(in: 0...7), Gen.uint64(in: 2...1_000_000)) { field, value in
            var action = SignedAction(
                domain: "mainnet-1",
                role: .guardian,
                action: GovernedAction(kind: .lowerLimit, scope: .init(pool: "alts"), parameters: ["max_share": "0.2"]),
                nonce: 1,
                expiresAt: 5_000
            )
            action.signatures = signers.map { try! $0.sign(action) }
            switch field {
            case 0: action.domain = "mainnet-\(value)"
            case 1: action.role = .operator
            case 2: action.action.kind = .tightenBand
            case 3: action.action.scope.market = "M-\(value)"
            case 4: action.action.parameters["max_share"] = "0.\(value)"
            case 5: action.nonce = value
            case 6: action.expiresAt = Int64(value)
            default: action.action.parameters["extra"] = String(value)
            }
            let verifier = Ed25519Verifier()
            #expect(
                action.signatures.allSatisfy {
                    !verifier.isValid($0.signature, of: action.signingBytes, by: $0.publicKey)
                }
            )
        }
    }

    /// No sequence of attempts signed by fewer guardians than the threshold authorizes anything or changes state.
    @Test func attemptsBelowTheThresholdNeverChangeState() async {
        await propertyCheck(
            count: 100,
            input: Gen.int(in: 0...2).array(of: 1...10),
            Gen.int(in: 0..<GovernedAction.Kind.allCases.count)
        ) {
            counts,
            kind in
            var authorizer = Self.authorizer()
            for (nonce, count) in counts.enumerated() {
                let action = try! Self.signed(
                    GovernedAction.Kind.allCases[kind],
                    by: Array(Self.guardians.prefix(count)),
                    nonce: UInt64(nonce)
                )
                #expect(Self.failure(action, on: &authorizer) != nil)
            }
            #expect(authorizer.usedNonces.isEmpty)
        }
    }
}
