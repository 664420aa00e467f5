import ArgumentParser
import BreakwaterCore
import BreakwaterKeys
import Foundation

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and read the Ed25519 keys that sign governance actions.",
        discussion: "Key files are specified in docs/governance.md. No command prints a private key.",
        subcommands: [Generate.self, ShowPublic.self, Revoke.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a key pair: NAME.key (private, mode 0600) and NAME.pub.",
            discussion:
                "An existing file is never overwritten. Example: breakwater keys generate --name guardian-1 --dir keys"
        )

        @Option(help: "The key's name: the files are NAME.key and NAME.pub.")
        var name: String

        @Option(help: "The folder to write them to (created if missing).")
        var dir = "."

        func validate() throws {
            guard !name.isEmpty, !name.contains("/") else {
                throw ValidationError("--name must be a file name, without '/'")
            }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: dir, isDirectory: true)
            let path = folder.appendingPathComponent(name + ".key").path
            let key = SigningKey.generate()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try key.write(to: path)
            } catch let error as KeyFileError {
                Terminal.error(error.message)
                throw ExitCode(1)
            }
            Terminal.progress("wrote \(path) (private, mode 0600) and \(KeyText.publicPath(for: path))")
            print(KeyText.publicText(key.publicKey))
        }
    }

    struct ShowPublic: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show-public",
            abstract: "Print the public key of a private key file (ed25519:HEX).",
            discussion: "Example: breakwater keys show-public keys/guardian-1.key"
        )

        @Argument(help: "The private key file.")
        var key: String

        func run() throws {
            do {
                print(KeyText.publicText(try SigningKey(contentsOf: key).publicKey))
            } catch {
                Terminal.error(error.message)
                throw ExitCode(1)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft the revocation of a guardian key (a revoke_guardian action for the guardians to sign).",
            discussion: """
                Revoking reduces risk: the guardian threshold revokes at once. Sign the draft with `govern sign` and \
                add it with `govern submit`. Adding a guardian goes through the DAO: \
                govern propose --role governor --action add_guardian --param key=ed25519:...
                Example: breakwater keys revoke keys/guardian-3.pub --nonce 9 --expires-at 1700000600000 --ts 1700000100000 --out revoke.jsonl
                """
        )

        @Argument(help: "The guardian's public key: a .pub file or ed25519:HEX.")
        var key: String

        @OptionGroup var draft: DraftOptions
        @OptionGroup var line: GovernanceLineOptions

        func run() throws {
            let text = FileManager.default.contents(atPath: key).map { String(decoding: $0, as: UTF8.self) } ?? key
            guard let publicKey = KeyText.publicKey(text) else {
                Terminal.error("\(key) is neither a public key file nor ed25519: and 64 hexadecimal digits")
                throw ExitCode(1)
            }
            try line.writeDraft(
                GovernedAction(kind: .revokeGuardian, parameters: ["key": PublicKeyText.text(publicKey)]),
                role: .guardian,
                draft
            )
        }
    }
}
