import BreakwaterCore
import BreakwaterGovernance
import BreakwaterKeys
import Foundation
import Testing

/// Key files: written private (0600), never overwritten, read back to the same key; one others can read is refused.
@Suite struct SigningKeyTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aKeyFileIsPrivateAndReadsBackToTheSameKey() throws {
        let path = try Self.folder().appendingPathComponent("guardian-1.key").path
        let key = SigningKey.generate()
        try key.write(to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(try SigningKey(contentsOf: path).publicKey == key.publicKey)
        let publicText = try String(contentsOfFile: KeyText.publicPath(for: path), encoding: .utf8)
        #expect(KeyText.publicKey(publicText) == key.publicKey)
        #expect(publicText == KeyText.publicText(key.publicKey) + "\n")
        let error = #expect(throws: KeyFileError.self) { try SigningKey.generate().write(to: path) }
        #expect(error?.message.contains("never overwritten") == true)
        #expect(try SigningKey(contentsOf: path).publicKey == key.publicKey, "the first key is still there")
    }

    @Test func aKeyOthersCanReadOrThatIsNotAKeyIsRefused() throws {
        let folder = try Self.folder()
        let path = folder.appendingPathComponent("open.key").path
        try SigningKey.generate().write(to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let open = #expect(throws: KeyFileError.self) { try SigningKey(contentsOf: path) }
        #expect(open?.message.contains("chmod 600") == true)
        let junk = folder.appendingPathComponent("junk.key").path
        #expect(
            FileManager.default.createFile(
                atPath: junk,
                contents: Data("hello".utf8),
                attributes: [.posixPermissions: 0o600]
            )
        )
        #expect(throws: KeyFileError.self) { try SigningKey(contentsOf: junk) }
    }

    @Test func aSignatureVerifiesOnlyForItsKeyAndBytes() throws {
        let key = SigningKey.generate()
        let action = SignedAction(
            domain: "d",
            role: .guardian,
            action: GovernedAction(kind: .pause),
            nonce: 7,
            expiresAt: 9
        )
        let signature = try key.sign(action)
        let verifier = Ed25519Verifier()
        #expect(verifier.isValid(signature.signature, of: action.signingBytes, by: key.publicKey))
        #expect(!verifier.isValid(signature.signature, of: action.signingBytes, by: SigningKey.generate().publicKey))
        #expect(!verifier.isValid(signature.signature, of: action.signingBytes + [0], by: key.publicKey))
        #expect(!verifier.isValid([1, 2, 3], of: action.signingBytes, by: key.publicKey))
        #expect(!verifier.isValid(signature.signature, of: action.signingBytes, by: [1, 2, 3]))
    }

    /// The documented layout, byte for byte, for a small action.
    @Test func theSigningBytesAreTheDocumentedLayout() {
        let action = SignedAction(
            domain: "d",
            role: .operator,
            action: GovernedAction(kind: .lowerLimit, scope: .init(pool: "p"), parameters: ["b": "2", "a": "1"]),
            nonce: 3,
            expiresAt: 4
        )
        func string(_ text: String) -> [UInt8] { [UInt8(text.utf8.count), 0, 0, 0] + Array(text.utf8) }
        let expected: [UInt8] =
            Array("breakwater-governance".utf8) + [1, 0] + string("d") + string("operator") + string("lower_limit")
            + [1] + string("p") + [0, 0, 0] + [2, 0, 0, 0] + string("a") + string("1") + string("b") + string("2")
            + [3, 0, 0, 0, 0, 0, 0, 0] + [4, 0, 0, 0, 0, 0, 0, 0]
        #expect(action.signingBytes == expected)
    }
}
