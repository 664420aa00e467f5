/// The accounts of one pool, stored densely and found by id without hashing.
///
/// Account ids are small integers interned in first-seen order (``AccountDirectory``), so a plain array maps an id to
/// its row; it is as long as the largest id the pool has seen, which for interned ids is at most the number of
/// accounts. Rows are addressed directly by the ledger's operations, which change them in place; removing an account
/// moves the last row into its place. Two tables are equal when they hold the same accounts with the same states,
/// whatever their rows.
public struct AccountTable: Sendable, Equatable, Codable {
    /// Account states by row.
    var rows: [AccountState] = []
    /// The account of each row.
    public private(set) var ids: [AccountID] = []
    /// Per account id, its row plus one, or 0 when absent; as long as the largest id seen.
    private var rowByID: [Int32] = []

    public init() {}

    /// How many accounts hold something in the pool.
    public var count: Int { rows.count }

    /// The row of an account, or `nil` if it holds nothing in the pool.
    func row(of id: AccountID) -> Int? {
        let index = Int(id.index)
        guard index < rowByID.count, rowByID[index] != 0 else { return nil }
        return Int(rowByID[index]) - 1
    }

    /// The state of an account, or `nil` if it holds nothing in the pool.
    public subscript(id: AccountID) -> AccountState? {
        row(of: id).map { rows[$0] }
    }

    /// Adds an account that is not in the table and returns its row.
    mutating func insert(_ id: AccountID, _ state: AccountState) -> Int {
        let index = Int(id.index)
        if index >= rowByID.count { rowByID.append(contentsOf: repeatElement(0, count: index + 1 - rowByID.count)) }
        rows.append(state)
        ids.append(id)
        rowByID[index] = Int32(rows.count)
        return rows.count - 1
    }

    /// Removes an account; the last row takes its place.
    mutating func remove(_ id: AccountID) {
        guard let row = row(of: id) else { return }
        let last = rows.count - 1
        if row != last {
            rows.swapAt(row, last)
            ids.swapAt(row, last)
            rowByID[Int(ids[row].index)] = Int32(row + 1)
        }
        rows.removeLast()
        ids.removeLast()
        rowByID[Int(id.index)] = 0
    }

    public static func == (lhs: AccountTable, rhs: AccountTable) -> Bool {
        lhs.count == rhs.count && zip(lhs.ids, lhs.rows).allSatisfy { id, state in rhs[id] == state }
    }
}

extension AccountTable: Sequence {
    /// Every account with its state, in row order.
    public func makeIterator() -> some IteratorProtocol<(id: AccountID, state: AccountState)> {
        zip(ids, rows).lazy.map { (id: $0, state: $1) }.makeIterator()
    }
}
