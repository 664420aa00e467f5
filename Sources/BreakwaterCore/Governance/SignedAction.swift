/// A governed action with its signatures: the unit guardians, operators and voters sign.
///
/// What is signed (``signingBytes``) binds the action to one deployment (`domain`), one role, one nonce and an
/// expiry, so a signature cannot be replayed on another action, another deployment, after it expires, or twice.
public struct SignedAction: Sendable, Hashable, Codable {
    /// The deployment the action is for.
    public var domain: String
    /// The role the signers act in.
    public var role: Role
    public var action: GovernedAction
    /// Used once per deployment.
    public var nonce: UInt64
    /// Milliseconds since the epoch, in event time: at or after it the action is refused.
    public var expiresAt: Int64
    public var signatures: [Signature]

    public init(
        domain: String,
        role: Role,
        action: GovernedAction,
        nonce: UInt64,
        expiresAt: Int64,
        signatures: [Signature] = []
    ) {
        self.domain = domain
        self.role = role
        self.action = action
        self.nonce = nonce
        self.expiresAt = expiresAt
        self.signatures = signatures
    }

    /// One signer's Ed25519 signature of ``SignedAction/signingBytes``.
    public struct Signature: Sendable, Hashable, Codable {
        /// The signer's 32-byte public key.
        public var publicKey: [UInt8]
        /// 64 bytes.
        public var signature: [UInt8]

        public init(publicKey: [UInt8], signature: [UInt8]) {
            self.publicKey = publicKey
            self.signature = signature
        }
    }

    /// The bytes every signer signs, as `docs/governance.md` specifies them: a tag and version, then the domain,
    /// the role, the action, its scope, its parameters in key order, the nonce and the expiry.
    public var signingBytes: [UInt8] {
        var bytes = Array("breakwater-governance".utf8)
        bytes += [1, 0]  // version 1, UInt16 little-endian
        SigningBytes.append(domain, to: &bytes)
        SigningBytes.append(role.rawValue, to: &bytes)
        SigningBytes.append(action.kind.rawValue, to: &bytes)
        SigningBytes.append(action.scope.pool, to: &bytes)
        SigningBytes.append(action.scope.market, to: &bytes)
        SigningBytes.append(action.scope.account, to: &bytes)
        SigningBytes.append(action.scope.module, to: &bytes)
        SigningBytes.append(UInt32(action.parameters.count), to: &bytes)
        for key in action.parameters.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            SigningBytes.append(key, to: &bytes)
            SigningBytes.append(action.parameters[key] ?? "", to: &bytes)
        }
        SigningBytes.append(nonce, to: &bytes)
        SigningBytes.append(expiresAt, to: &bytes)
        return bytes
    }
}
