public import BreakwaterCore
import Crypto
import Foundation

/// An Ed25519 private key kept in a file that only its owner can read (mode 0600). It signs governed actions; it is
/// never printed or logged.
public struct SigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    private init(_ key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// A new random key.
    public static func generate() -> SigningKey { SigningKey(Curve25519.Signing.PrivateKey()) }

    /// The key whose 32-byte private part is `seed`: the same seed gives the same key, for seeded simulations and
    /// tests. A real deployment's keys come from ``generate()``.
    ///
    /// - Throws: ``KeyFileError`` if `seed` is not 32 bytes.
    public init(seed: [UInt8]) throws(KeyFileError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw KeyFileError("a key seed is 32 bytes, got \(seed.count)")
        }
        self.key = key
    }

    /// The 32-byte public key.
    public var publicKey: [UInt8] { [UInt8](key.publicKey.rawRepresentation) }

    /// This key's signature of `action`'s signing bytes.
    ///
    /// - Throws: ``KeyFileError`` if the signing fails.
    public func sign(_ action: SignedAction) throws(KeyFileError) -> SignedAction.Signature {
        do {
            let signature = try key.signature(for: action.signingBytes)
            return SignedAction.Signature(publicKey: publicKey, signature: [UInt8](signature))
        } catch {
            throw KeyFileError("cannot sign: \(error)")
        }
    }

    /// `action` with this key's signature added to its signatures.
    public func signing(_ action: SignedAction) throws(KeyFileError) -> SignedAction {
        var action = action
        action.signatures.append(try sign(action))
        return action
    }

    /// `vote`, cast by this key and signed by it.
    public func signing(_ vote: SignedVote) throws(KeyFileError) -> SignedVote {
        var vote = vote
        vote.voter = publicKey
        do {
            vote.signature = [UInt8](try key.signature(for: vote.signingBytes))
        } catch {
            throw KeyFileError("cannot sign: \(error)")
        }
        return vote
    }

    /// Writes the key to a new file at `path` with mode 0600, and its public key beside it (`path` with `.pub`).
    ///
    /// - Throws: ``KeyFileError`` if a file is already there (a key is never overwritten) or cannot be written.
    public func write(to path: String) throws(KeyFileError) {
        let publicPath = KeyText.publicPath(for: path)
        for existing in [path, publicPath] where FileManager.default.fileExists(atPath: existing) {
            throw KeyFileError("\(existing) exists: a key is never overwritten")
        }
        let secret = Data((KeyText.privatePrefix + Hex.encode([UInt8](key.rawRepresentation)) + "\n").utf8)
        guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600])
        else {
            throw KeyFileError("cannot write \(path)")
        }
        let public_ = Data((PublicKeyText.text(publicKey) + "\n").utf8)
        guard
            FileManager.default.createFile(
                atPath: publicPath,
                contents: public_,
                attributes: [.posixPermissions: 0o644]
            )
        else {
            throw KeyFileError("cannot write \(publicPath)")
        }
    }

    /// The key in the file at `path`.
    ///
    /// - Throws: ``KeyFileError`` if the file is missing, readable by others than its owner, or not a key.
    public init(contentsOf path: String) throws(KeyFileError) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, let data = FileManager.default.contents(atPath: path) else {
            throw KeyFileError("cannot read \(path)")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw KeyFileError("\(path) can be read by others (mode \(String(mode, radix: 8))): chmod 600 it first")
        }
        guard
            let bytes = KeyText.bytes(String(decoding: data, as: UTF8.self), prefix: KeyText.privatePrefix, count: 32),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else {
            throw KeyFileError("\(path) is not a Breakwater private key")
        }
        self.key = key
    }
}

/// Why a key file could not be used.
public struct KeyFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The text of key files: `ed25519-private:HEX` and `ed25519:HEX`, one line each.
public enum KeyText {
    static let privatePrefix = "ed25519-private:"
    public static let publicPrefix = PublicKeyText.prefix

    /// The public key file beside a private key file.
    public static func publicPath(for path: String) -> String {
        (path.hasSuffix(".key") ? String(path.dropLast(4)) : path) + ".pub"
    }

    /// A public key as its file writes it: `ed25519:` and 64 hexadecimal digits.
    public static func publicText(_ key: [UInt8]) -> String { PublicKeyText.text(key) }

    /// The 32-byte key in `ed25519:HEX` (surrounding whitespace allowed), or `nil`.
    public static func publicKey(_ text: String) -> [UInt8]? {
        PublicKeyText.key(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func bytes(_ text: String, prefix: String, count: Int) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(prefix), let bytes = Hex.decode(trimmed.dropFirst(prefix.count)), bytes.count == count
        else {
            return nil
        }
        return bytes
    }
}
