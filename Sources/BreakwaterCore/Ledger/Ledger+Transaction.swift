extension Ledger {
    /// Runs one operation so that it either completes or changes nothing.
    ///
    /// `body` changes pools in place. It changes an account only through a row from ``PoolState/touch(_:)``, which
    /// first saves the pool's books and the account's row; if `body` throws, every pool puts back what it saved.
    /// State that is not saved (option series books, the ledger's inflow and outflow totals) must be written only
    /// after the last step that can throw. When `body` succeeds, accounts it left with nothing are removed.
    mutating func atomically<T>(_ body: (inout Ledger) throws -> T) throws -> T {
        do {
            let result = try body(&self)
            for index in pools.indices { pools[index].commitOperation() }
            return result
        } catch {
            for index in pools.indices { pools[index].rollBackOperation() }
            throw error
        }
    }
}
