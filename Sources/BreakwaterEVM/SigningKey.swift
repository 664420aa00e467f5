import BreakwaterCore
import CSecp256k1

/// A secp256k1 private key that signs transactions: an executor's pauser key.
///
/// It is held in memory only and never shown: its description, and any error about it, name its address, never the
/// key. Signatures are deterministic (RFC 6979) and low-`s`, as Ethereum requires, so the same transaction signed
/// twice is the same bytes.
public struct SigningKey: Sendable, CustomStringConvertible {
    private let secret: [UInt8]
    /// The account the key controls: the last 20 bytes of the Keccak-256 of its public key.
    public let address: EVMAddress

    /// The key written as 64 hexadecimal digits, with or without `0x` (surrounding whitespace, such as a file's
    /// newline, is ignored).
    ///
    /// - Throws: ``ABIError`` (`badValue`) that does not repeat the text: not 32 bytes of hexadecimal, or not a valid
    ///   key (zero, or not below the curve's order).
    public init(hex text: String) throws(ABIError) {
        let trimmed = text.trimmingWhitespace
        let digits = trimmed.hasPrefix("0x") ? trimmed.dropFirst(2) : Substring(trimmed)
        guard digits.utf8.count == 64, let bytes = Hex.decode(digits) else {
            throw ABIError(.badValue, "a private key is 64 hexadecimal digits, with or without 0x")
        }
        try self.init(bytes: bytes)
    }

    /// The key of 32 big-endian `bytes`.
    ///
    /// - Throws: ``ABIError`` (`badValue`) when they are not a valid key.
    public init(bytes: [UInt8]) throws(ABIError) {
        guard bytes.count == 32 else { throw ABIError(.badValue, "a private key is 32 bytes") }
        let context = Secp256k1Context.shared.pointer
        var publicKey = secp256k1_pubkey()
        guard secp256k1_ec_seckey_verify(context, bytes) == 1,
            secp256k1_ec_pubkey_create(context, &publicKey, bytes) == 1
        else {
            throw ABIError(.badValue, "the private key is not a valid secp256k1 key")
        }
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        secp256k1_ec_pubkey_serialize(
            context,
            &serialized,
            &length,
            &publicKey,
            UInt32(SECP256K1_EC_UNCOMPRESSED)
        )
        secret = bytes
        // Valid: the last 20 of 32 bytes.
        address = EVMAddress(bytes: Array(Keccak256.hash(serialized[1...]).suffix(20)))!
    }

    /// Signs a 32-byte `digest` (a transaction's signing hash).
    public func sign(digest: [UInt8]) -> Signature {
        precondition(digest.count == 32, "a digest is 32 bytes")
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        // Fails only for an invalid key, which init refused.
        let signed = secp256k1_ecdsa_sign_recoverable(context, &signature, digest, secret, nil, nil)
        precondition(signed == 1, "libsecp256k1 refused to sign with a verified key")
        var compact = [UInt8](repeating: 0, count: 64)
        var recovery: Int32 = 0
        secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recovery, &signature)
        return Signature(r: Array(compact[..<32]), s: Array(compact[32...]), yParity: UInt8(recovery))
    }

    /// `signing key of 0x…`: its address, never the key.
    public var description: String { "signing key of \(address)" }

    /// A recoverable ECDSA signature: `r`, `s` (32 bytes each) and the parity of the curve point's `y`.
    public struct Signature: Sendable, Hashable {
        public var r: [UInt8]
        public var s: [UInt8]
        /// 0 or 1: which of the two public keys the signature recovers to is the signer's.
        public var yParity: UInt8
    }
}

/// The process's one libsecp256k1 context. libsecp256k1 allows signing and key derivation on a context from many
/// threads at once; it is only created, never changed.
private final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()
    let pointer: OpaquePointer

    private init() {
        // Valid: creating a context fails only on a flag the library does not know.
        pointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_SIGN))!
    }
}
