public import BreakwaterCore

/// Decides whether a signed action may proceed, and on which path: the checks every attempt goes through, in order.
///
/// An action that passes consumes its nonce; one that fails changes nothing.
public struct Authorizer: Sendable {
    public var ring: KeyRing
    /// Nonces already used in this deployment.
    public private(set) var usedNonces: Set<UInt64> = []
    private let verifier: any SignatureVerifier

    public init(ring: KeyRing, usedNonces: Set<UInt64> = [], verifier: any SignatureVerifier) {
        self.ring = ring
        self.usedNonces = usedNonces
        self.verifier = verifier
    }

    /// ``check(_:at:)``, then uses the action's nonce.
    public mutating func authorize(
        _ signed: SignedAction,
        at time: Int64
    ) throws(GovernanceError) -> PermissionMatrix.Path {
        let (path, _) = try check(signed, at: time)
        usedNonces.insert(signed.nonce)
        return path
    }

    /// The path `signed` takes, and its signers, once it is for this deployment, unexpired at `time`, unused,
    /// permitted to its role and signed by enough distinct keys of that role. A DAO proposal
    /// (``PermissionMatrix/Path/proposal``) is authorized to be proposed here; its votes and timelock are the
    /// proposal's business. Nothing changes: the caller uses the nonce once the action is carried out.
    ///
    /// - Throws: ``GovernanceError`` naming the first check that fails.
    public func check(
        _ signed: SignedAction,
        at time: Int64
    ) throws(GovernanceError) -> (path: PermissionMatrix.Path, signers: [[UInt8]]) {
        guard signed.domain == ring.domain else {
            throw GovernanceError(.wrongDomain, "signed for deployment \(signed.domain), this is \(ring.domain)")
        }
        guard time < signed.expiresAt else {
            throw GovernanceError(.expired, "expired at \(signed.expiresAt), it is \(time)")
        }
        guard !usedNonces.contains(signed.nonce) else {
            throw GovernanceError(.replayedNonce, "nonce \(signed.nonce) was already used")
        }
        let path = PermissionMatrix.path(for: signed.role, signed.action.kind)
        guard path != .denied else {
            throw GovernanceError(.notPermitted, "a \(signed.role.rawValue) may not \(signed.action.kind.rawValue)")
        }
        let message = signed.signingBytes
        let known = ring.keys[signed.role] ?? []
        // In the documented order: every key known, then no key twice, then every signature valid.
        for signature in signed.signatures where !known.contains(signature.publicKey) {
            throw GovernanceError(
                .unknownKey,
                "key \(Self.hex(signature.publicKey)) is not a \(signed.role.rawValue) key"
            )
        }
        var signers: [[UInt8]] = []
        for signature in signed.signatures {
            guard !signers.contains(signature.publicKey) else {
                throw GovernanceError(.duplicateSignature, "key \(Self.hex(signature.publicKey)) signed twice")
            }
            signers.append(signature.publicKey)
        }
        for signature in signed.signatures
        where !verifier.isValid(signature.signature, of: message, by: signature.publicKey) {
            throw GovernanceError(
                .badSignature,
                "the signature of key \(Self.hex(signature.publicKey)) does not verify"
            )
        }
        let needed = ring.threshold(for: signed.role, on: path)
        guard signers.count >= needed else {
            throw GovernanceError(.belowThreshold, "\(signers.count) of the \(needed) signatures needed")
        }
        return (path, signers)
    }

    /// The first 8 bytes of a key in hexadecimal: enough to name it in a message.
    public static func hex(_ key: [UInt8]) -> String { Hex.encode(key.prefix(8)) + "…" }
}
