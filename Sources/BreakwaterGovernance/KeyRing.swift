public import BreakwaterCore

/// The keys of each role in one deployment, and how many signatures an action needs.
public struct KeyRing: Sendable, Hashable {
    /// The deployment id every signed action must name.
    public var domain: String
    /// Each role's public keys (32 bytes each).
    public var keys: [Role: Set<[UInt8]>]
    /// The guardian threshold M of N.
    public var guardianThreshold: Int
    /// The guardian supermajority (above M) that may lift an automated pause after the review time.
    public var guardianSupermajority: Int

    public init(domain: String, keys: [Role: Set<[UInt8]>], guardianThreshold: Int, guardianSupermajority: Int) {
        self.domain = domain
        self.keys = keys
        self.guardianThreshold = guardianThreshold
        self.guardianSupermajority = guardianSupermajority
    }

    /// How many distinct valid signatures `path` needs from `role`.
    func threshold(for role: Role, on path: PermissionMatrix.Path) -> Int {
        switch (role, path) {
        case (.guardian, .supermajorityAfterReview): guardianSupermajority
        case (.guardian, _): guardianThreshold
        default: 1
        }
    }
}

/// Checks a signature; the Ed25519 implementation lives in an adapter on swift-crypto (`BreakwaterKeys`), so the
/// rules stay pure.
public protocol SignatureVerifier: Sendable {
    func isValid(_ signature: [UInt8], of message: [UInt8], by publicKey: [UInt8]) -> Bool
}
