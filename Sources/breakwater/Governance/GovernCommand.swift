import ArgumentParser
import BreakwaterCore
import BreakwaterFormats
import BreakwaterKeys
import Foundation

struct GovernCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govern",
        abstract: "Write signed governance events, add them to a journal, and show the governance state.",
        discussion: """
            Governance events are lines of the event stream (docs/events.md): replay reads them, and `govern submit` \
            adds them to a journal. A guardian action is drafted once (`propose`), signed by each guardian in turn \
            (`sign`), then submitted; the DAO proposes, votes, queues and executes. The rules are in \
            docs/governance.md.
            Example:
              breakwater govern propose --action pause --pool alts --nonce 1 --expires-at 1700000600000 \\
                --ts 1700000100000 --out pause.jsonl
              breakwater govern sign pause.jsonl --key keys/guardian-1.key
              breakwater govern submit pause.jsonl --journal run.journal
            """,
        subcommands: [
            Propose.self, Sign.self, Vote.self, Queue.self, Execute.self, Cancel.self, Submit.self, Status.self,
        ]
    )

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a governed action (a signed_action line with no signatures yet) for its signers to sign.",
            discussion: "With --role governor it is a DAO proposal, signed by its proposer."
        )

        @Option(help: "The action: \(GovernedAction.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var action: String

        @Option(help: "The role that signs it: guardian, governor (the DAO) or operator.")
        var role = Role.guardian.rawValue

        @Option(help: "The pool it acts on.") var pool: String?
        @Option(help: "The market it acts on.") var market: String?
        @Option(help: "The account it acts on.") var account: String?
        @Option(help: "The module it acts on.") var module: String?

        @Option(
            name: .customLong("param"),
            help: "A parameter as key=value (max_share, width, proposal, key); repeatable."
        )
        var parameters: [String] = []

        @OptionGroup var draft: DraftOptions
        @OptionGroup var line: GovernanceLineOptions

        func validate() throws {
            guard GovernedAction.Kind(rawValue: action) != nil else {
                throw ValidationError("unknown action \(action)")
            }
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be guardian, governor, operator or observer")
            }
            for parameter in parameters where !parameter.contains("=") {
                throw ValidationError("--param \(parameter): write it as key=value")
            }
        }

        func run() throws {
            let governed = GovernedAction(
                kind: GovernedAction.Kind(rawValue: action) ?? .pause,
                scope: .init(pool: pool, market: market, account: account, module: module),
                parameters: Dictionary(
                    parameters.map { pair in
                        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                        return (parts[0], parts.count > 1 ? parts[1] : "")
                    }
                ) { _, last in last }
            )
            try line.writeDraft(governed, role: Role(rawValue: role) ?? .guardian, draft)
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a key's signature to every signed_action line of a file, in place.",
            discussion:
                "The key signs the exact bytes of docs/governance.md; a key that already signed a line is not added twice."
        )

        @Argument(help: "The file of drafted actions (from `govern propose`).")
        var file: String

        @Option(help: "The private key file.")
        var key: String

        @Option(help: "The protocol config (YAML) the lines are read with. Default: the embedded reference protocol.")
        var config: String?

        func run() throws {
            let signingKey: SigningKey
            do {
                signingKey = try SigningKey(contentsOf: key)
            } catch {
                Terminal.error(error.message)
                throw ExitCode(1)
            }
            let protocolConfig = try ConfigFile.load(at: config)
            var signedCount = 0
            let lines = try GovernanceLines.events(in: file, config: protocolConfig).map { event in
                guard case .signedAction(var signed) = event.payload else { return event }
                if !signed.signed.signatures.contains(where: { $0.publicKey == signingKey.publicKey }) {
                    signed.signed = try signingKey.signing(signed.signed)
                    signedCount += 1
                }
                return Event(timestamp: event.timestamp, provenance: event.provenance, payload: .signedAction(signed))
            }
            let encoder = EventEncoder(config: protocolConfig)
            let text = lines.map { encoder.line(for: $0, accounts: AccountDirectory()) + "\n" }.joined()
            // Written whole to a new file that then replaces the old: an interrupted signing loses nothing.
            guard (try? Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)) != nil else {
                Terminal.error("cannot rewrite \(file)")
                throw ExitCode(1)
            }
            Terminal.progress(
                "\(file): signed \(signedCount) action(s) with \(KeyText.publicText(signingKey.publicKey))"
            )
        }
    }

    struct Vote: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a voter's signed vote on a DAO proposal.")

        @Option(help: "The proposal's number.") var proposal: UInt64
        @Option(help: "for, against or abstain.") var support: String
        @Option(help: "The voter's private key file.") var key: String
        @OptionGroup var line: GovernanceLineOptions

        func validate() throws {
            guard SignedVote.Support(rawValue: support) != nil else {
                throw ValidationError("--support must be for, against or abstain")
            }
        }

        func run() throws {
            let unsigned = SignedVote(
                domain: try line.resolvedDomain(),
                proposal: proposal,
                support: SignedVote.Support(rawValue: support) ?? .for,
                voter: []
            )
            let vote: SignedVote
            do {
                vote = try SigningKey(contentsOf: key).signing(unsigned)
            } catch {
                Terminal.error(error.message)
                throw ExitCode(1)
            }
            try line.write(.vote(vote))
        }
    }

    struct Queue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the event that queues a proposal whose vote passed."
        )

        @Option(help: "The proposal's number.") var proposal: UInt64
        @OptionGroup var line: GovernanceLineOptions

        func run() throws {
            try line.write(.queue(proposal: proposal))
        }
    }

    struct Execute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the event that executes a queued proposal after its timelock."
        )

        @Option(help: "The proposal's number.") var proposal: UInt64
        @OptionGroup var line: GovernanceLineOptions

        func run() throws {
            try line.write(.execute(proposal: proposal))
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft the guardians' cancellation of a proposal (a cancel_proposal action to sign).",
            discussion: "Guardians may cancel a proposal while it is voting or queued, with their threshold."
        )

        @Option(help: "The proposal's number.") var proposal: UInt64
        @OptionGroup var draft: DraftOptions
        @OptionGroup var line: GovernanceLineOptions

        func run() throws {
            try line.writeDraft(
                GovernedAction(kind: .cancelProposal, parameters: ["proposal": String(proposal)]),
                role: .guardian,
                draft
            )
        }
    }
}
