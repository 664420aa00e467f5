/// Interns account names to small integer ids in first-seen order, so the engine never hashes strings.
///
/// Interning order is part of the input, so the same stream always gives the same ids.
public struct AccountDirectory: Sendable, Hashable {
    public private(set) var names: [String] = []
    private var ids: [String: AccountID] = [:]

    public init() {}

    /// The id of `name`, interning it if it is new.
    public mutating func intern(_ name: String) -> AccountID {
        if let id = ids[name] { return id }
        let id = AccountID(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name` if it was seen.
    public func id(of name: String) -> AccountID? { ids[name] }

    /// The name of an interned account.
    public func name(of id: AccountID) -> String { names[Int(id.index)] }
}
