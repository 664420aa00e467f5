/// A governance decision arriving in the stream: what only people with keys may do, such as lifting a pause.
///
/// This is the path by which the pauses the automation sets are lifted; who may sign which action, and the
/// signatures themselves, are the governance layer's.
public struct GovernanceAction: Sendable, Hashable {
    public var kind: Kind
    /// The pool to unpause; `nil` with ``Kind/unpause`` lifts the protocol pause.
    public var pool: PoolID?
    /// The market whose automated reduce-only or halt to lift, for ``Kind/resume``.
    public var market: MarketID?
    /// The account to unfreeze.
    public var account: AccountID?
    /// The tripped feed to reset.
    public var feed: FeedID?

    public init(
        kind: Kind,
        pool: PoolID? = nil,
        market: MarketID? = nil,
        account: AccountID? = nil,
        feed: FeedID? = nil
    ) {
        self.kind = kind
        self.pool = pool
        self.market = market
        self.account = account
        self.feed = feed
    }

    /// The stream names of governance actions.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case unpause, resume, unfreeze
        case resetFeed = "reset_feed"
    }
}

/// A signed governance action as the stream carries it: the action with its signatures, and the account its scope
/// names as the stream's decoder bound it (the engine works on ids; the signatures cover the name).
public struct SignedActionEvent: Sendable, Hashable {
    public var signed: SignedAction
    public var account: AccountID?

    public init(signed: SignedAction, account: AccountID? = nil) {
        self.signed = signed
        self.account = account
    }
}
