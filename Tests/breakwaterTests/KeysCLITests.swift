import Foundation
import Testing

/// `breakwater keys`: the private key goes to a 0600 file and nowhere else.
@Suite struct KeysCLITests {
    @Test func generateWritesAPrivateFileAndPrintsOnlyThePublicKey() throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let generate = try BreakwaterProcess.run(["keys", "generate", "--name", "guardian-1", "--dir", folder.path])
        #expect(generate.status == 0, "\(generate.stderr)")
        let privatePath = folder.appendingPathComponent("guardian-1.key").path
        let secret = try String(contentsOfFile: privatePath, encoding: .utf8)
        let seed = try #require(secret.split(separator: ":").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(seed.count == 64)
        #expect(!generate.stdout.contains(seed) && !generate.stderr.contains(seed), "the private key is never printed")
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: privatePath)[.posixPermissions] as? NSNumber
        )
        #expect(mode.intValue & 0o777 == 0o600)
        let publicKey = generate.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(publicKey.hasPrefix("ed25519:") && publicKey.count == 8 + 64)
        let show = try BreakwaterProcess.run(["keys", "show-public", privatePath])
        #expect(show.status == 0 && show.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == publicKey)
        let again = try BreakwaterProcess.run(["keys", "generate", "--name", "guardian-1", "--dir", folder.path])
        #expect(again.status == 1 && again.stderr.contains("never overwritten"))
        #expect(try String(contentsOfFile: privatePath, encoding: .utf8) == secret)
    }
}
