public import BreakwaterGovernance
import Crypto

/// Ed25519 signature checks on swift-crypto: the adapter the governance rules use.
public struct Ed25519Verifier: SignatureVerifier {
    public init() {}

    public func isValid(_ signature: [UInt8], of message: [UInt8], by publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
