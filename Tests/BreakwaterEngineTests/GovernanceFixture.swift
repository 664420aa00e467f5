import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys

/// A small protocol with a governance section, seeded keys, and helpers that sign governance events for it.
struct GovernanceFixture {
    static let domain = "fixture-1"
    static let guardians = (0..<5).map { key(1 + $0) }
    static let operatorKey = key(20)
    static let voters = (0..<3).map { key(30 + $0) }
    static let outsider = key(99)
    let usdc = AssetID(0)
    let pool = PoolID(0)
    let lp = AccountID(0)
    let alice = AccountID(1)

    static func key(_ seed: Int) -> SigningKey {
        // A fixture's keys are fixed: the seed is the number repeated.
        try! SigningKey(seed: Array(repeating: UInt8(seed), count: 32))
    }

    static var governance: GovernanceConfig {
        GovernanceConfig(
            domain: domain,
            guardians: guardians.map(\.publicKey),
            guardianThreshold: 3,
            guardianSupermajority: 4,
            guardianPauseMilliseconds: 10_000,
            reviewMilliseconds: 2_000,
            operators: [operatorKey.publicKey],
            voters: zip(voters, [400, 300, 300]).map { GovernanceConfig.Voter(key: $0.publicKey, power: Wad($1)) },
            votingPeriodMilliseconds: 1_000,
            quorum: Wad(raw: Wad.scale / 2),
            timelockMilliseconds: 500,
            shortTimelockMilliseconds: 100
        )
    }

    func config(responses: [ResponseRule] = [], unrealizedProfitCounts: Bool = false) -> ProtocolConfig {
        var config = ProtocolConfig(
            name: "governed",
            assets: [.init(name: "USDC", fixedPrice: .one), .init(name: "ETH")],
            feeds: [.init(name: "a", asset: AssetID(1))],
            pools: [.init(name: "main", quote: AssetID(0), collateral: [.init(asset: AssetID(0))])],
            markets: [.init(name: "ETH-PERP", pool: PoolID(0), underlying: AssetID(1))],
            governance: Self.governance
        )
        config.markets[0].unrealizedProfitCounts = unrealizedProfitCounts
        config.policy.responses = responses
        return config
    }

    func engine(responses: [ResponseRule] = [], unrealizedProfitCounts: Bool = false) -> Engine {
        var engine = Engine(
            config: config(responses: responses, unrealizedProfitCounts: unrealizedProfitCounts),
            verifier: Ed25519Verifier()
        )
        for event in [
            event(0, .oracle(OracleUpdate(feed: FeedID(0), asset: AssetID(1), price: Wad(1_000)))),
            event(1, .lpAdd(movement(lp, 1_000_000))), event(2, .deposit(movement(alice, 10_000))),
        ] {
            precondition(engine.apply(event).isAccepted)
        }
        return engine
    }

    func event(_ ms: Int64, _ payload: Event.Payload) -> Event {
        Event(timestamp: Timestamp(milliseconds: ms), payload: payload)
    }

    func movement(_ account: AccountID, _ amount: Int64) -> AssetMovement {
        AssetMovement(pool: pool, account: account, asset: usdc, amount: Wad(amount))
    }

    /// A signed action event at `ms`, signed by `keys`.
    func signed(
        _ kind: GovernedAction.Kind,
        role: Role = .guardian,
        scope: GovernedAction.Scope = .init(pool: "main"),
        parameters: [String: String] = [:],
        by keys: [SigningKey],
        nonce: UInt64,
        at ms: Int64,
        expiresAt: Int64? = nil,
        domain: String = Self.domain,
        account: AccountID? = nil
    ) -> Event {
        var action = SignedAction(
            domain: domain,
            role: role,
            action: GovernedAction(kind: kind, scope: scope, parameters: parameters),
            nonce: nonce,
            expiresAt: expiresAt ?? ms + 60_000
        )
        for key in keys { action = try! key.signing(action) }
        return event(ms, .signedAction(SignedActionEvent(signed: action, account: account)))
    }

    func vote(_ proposal: UInt64, _ support: SignedVote.Support, by key: SigningKey, at ms: Int64) -> Event {
        let vote = try! key.signing(SignedVote(domain: Self.domain, proposal: proposal, support: support, voter: []))
        return event(ms, .vote(vote))
    }

    var threshold: [SigningKey] { Array(Self.guardians.prefix(3)) }
    var supermajority: [SigningKey] { Array(Self.guardians.prefix(4)) }
}
