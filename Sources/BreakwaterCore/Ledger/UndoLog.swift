/// What the operation under way saved in one pool before changing it in place, so a refused operation can be put
/// back exactly.
///
/// Each ``PoolState/touch(_:)`` saves one frame: the pool's books and one account's row; the account's options are
/// saved by their first change (``PoolState/setHolding(_:_:)``), as most operations leave them. Frame `k` keeps its copies at
/// `k × slots` in buffers that outlive the operation, so saving copies elements into storage the log already owns
/// and allocates nothing once the log has grown to the deepest operation. The copies share no storage with the pool,
/// whose arrays stay uniquely referenced and change in place. Between operations the log holds no frame.
struct UndoLog: Sendable, Equatable, Codable {
    struct Frame: Sendable, Codable {
        var account = AccountID(0)
        /// Whether the account had a row before the frame was saved.
        var existed = false
        var lpShares = Wad.zero
        var accountShareTotal = Wad.zero
        var accountShares = Wad.zero
        /// The account's options before their first change, saved by that change; `nil` while unchanged.
        var options: [OptionHolding]?
    }

    /// The frames in use are the first `count`; the others wait to be reused.
    private(set) var count = 0
    private(set) var frames: [Frame] = []
    /// Frame `k`'s copies, at `k × slots`; written by ``PoolState/touch(_:)``.
    var collateral: [CollateralBook] = []
    var marketBooks: [MarketBook] = []
    var balances: [Wad] = []
    var positions: [Position] = []

    /// Adds `frame` and returns where its copies go in the buffers, growing them for a frame deeper than any before.
    ///
    /// The caller copies the pool's books and the account's row into place (``copy(_:into:at:)``).
    mutating func push(_ frame: Frame, assets: Int, markets: Int) -> (assetStart: Int, marketStart: Int) {
        if count == frames.count {
            frames.append(Frame())
            collateral.append(contentsOf: repeatElement(CollateralBook(), count: assets))
            marketBooks.append(contentsOf: repeatElement(MarketBook(), count: markets))
            balances.append(contentsOf: repeatElement(.zero, count: assets))
            positions.append(contentsOf: repeatElement(Position(), count: markets))
        }
        frames[count] = frame
        count += 1
        return ((count - 1) * assets, (count - 1) * markets)
    }

    /// Copies `source` over `destination` from `start` on, in one move of its bytes.
    static func copy<Element>(
        _ source: UnsafeBufferPointer<Element>,
        into destination: inout [Element],
        at start: Int
    ) {
        precondition(start + source.count <= destination.count)
        guard let base = source.baseAddress else { return }
        destination.withUnsafeMutableBufferPointer { destination in
            (destination.baseAddress! + start).update(from: base, count: source.count)
        }
    }

    /// The saved copies of frame `index`, `count` elements from `index × count` on, written over `target`.
    static func restore<Element>(_ saved: [Element], frame index: Int, into target: inout [Element]) {
        let count = target.count
        precondition((index + 1) * count <= saved.count)
        guard count > 0 else { return }
        saved.withUnsafeBufferPointer { saved in
            target.withUnsafeMutableBufferPointer { target in
                target.baseAddress!.update(from: saved.baseAddress! + index * count, count: count)
            }
        }
    }

    /// Logs are scratch space, empty between operations: two are equal when they hold as many frames.
    static func == (lhs: UndoLog, rhs: UndoLog) -> Bool { lhs.count == rhs.count }

    /// Saves an account's options before they first change in the operation, into its newest frame.
    mutating func saveOptions(_ options: [OptionHolding], of account: AccountID) {
        guard let index = (0..<count).last(where: { frames[$0].account == account }) else {
            preconditionFailure("an account's options changed without touching it first")
        }
        if frames[index].options == nil { frames[index].options = options }
    }

    /// Forgets every frame; saved option holdings are let go so the pool's stay uniquely referenced.
    mutating func removeAll() {
        for index in 0..<count where frames[index].options != nil { frames[index].options = nil }
        count = 0
    }
}

extension PoolState {
    /// Saves the pool's books and an account's row for ``Ledger/atomically(_:)`` and returns the row, adding an empty
    /// one for an account new to the pool.
    ///
    /// An operation changes an account only through a row it got from here.
    mutating func touch(_ account: AccountID) -> Int {
        let row = accounts.row(of: account)
        let frame = UndoLog.Frame(
            account: account,
            existed: row != nil,
            lpShares: lpShares,
            accountShareTotal: accountShareTotal,
            accountShares: row.map { accounts.rows[$0].lpShares } ?? .zero
        )
        let (assetStart, marketStart) = undo.push(frame, assets: collateral.count, markets: marketBooks.count)
        // Copied in place: the pool's arrays are read where they are, without taking a reference to them.
        collateral.withUnsafeBufferPointer { UndoLog.copy($0, into: &undo.collateral, at: assetStart) }
        marketBooks.withUnsafeBufferPointer { UndoLog.copy($0, into: &undo.marketBooks, at: marketStart) }
        guard let row else { return accounts.insert(account, emptyAccount) }
        accounts.rows[row].balances.withUnsafeBufferPointer { UndoLog.copy($0, into: &undo.balances, at: assetStart) }
        accounts.rows[row].positions.withUnsafeBufferPointer {
            UndoLog.copy($0, into: &undo.positions, at: marketStart)
        }
        return row
    }

    /// Ends the operation under way: accounts it left with nothing are removed, and the undo log is emptied.
    mutating func commitOperation() {
        guard undo.count > 0 else { return }
        for index in 0..<undo.count {
            let account = undo.frames[index].account
            if let row = accounts.row(of: account), accounts.rows[row].isEmpty { accounts.remove(account) }
        }
        undo.removeAll()
    }

    /// Puts back everything the operation under way saved, newest first, and empties the undo log.
    mutating func rollBackOperation() {
        guard undo.count > 0 else { return }
        for index in (0..<undo.count).reversed() { restore(frame: index) }
        undo.removeAll()
    }

    private mutating func restore(frame index: Int) {
        let frame = undo.frames[index]
        UndoLog.restore(undo.collateral, frame: index, into: &collateral)
        UndoLog.restore(undo.marketBooks, frame: index, into: &marketBooks)
        lpShares = frame.lpShares
        accountShareTotal = frame.accountShareTotal
        guard frame.existed else {
            accounts.remove(frame.account)
            return
        }
        guard let row = accounts.row(of: frame.account) else {
            preconditionFailure("a touched account lost its row before the operation ended")
        }
        UndoLog.restore(undo.balances, frame: index, into: &accounts.rows[row].balances)
        UndoLog.restore(undo.positions, frame: index, into: &accounts.rows[row].positions)
        accounts.rows[row].lpShares = frame.accountShares
        if let options = frame.options { accounts.rows[row].options = options }
    }
}
