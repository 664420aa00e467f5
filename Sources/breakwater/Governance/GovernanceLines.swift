import ArgumentParser
import BreakwaterCore
import BreakwaterFormats
import Foundation

/// What every `govern` command that writes an event line shares: the deployment, the event's time and where the
/// line goes.
struct GovernanceLineOptions: ParsableArguments {
    @Option(
        help:
            "The event's time: milliseconds since the epoch or RFC 3339. It must not be before the journal's last event."
    )
    var ts: String

    @Option(help: "The deployment id to sign for. Default: the config's governance domain.")
    var domain: String?

    @Option(
        help: "The protocol config (YAML) whose governance domain to use. Default: the embedded reference protocol."
    )
    var config: String?

    @Option(help: "Append the line to this file (a stream or a draft). Default: standard output.")
    var out: String?

    func validate() throws {
        guard EventTimeText.milliseconds(ts) != nil else {
            throw ValidationError("--ts must be milliseconds since the epoch or RFC 3339, got \(ts)")
        }
    }

    var milliseconds: Int64 { EventTimeText.milliseconds(ts) ?? 0 }

    func protocolConfig() throws -> ProtocolConfig { try ConfigFile.load(at: config) }

    func resolvedDomain() throws -> String { try domain ?? protocolConfig().governance.domain }

    /// Writes `payload` as a line of the stream at ``ts``.
    func write(_ payload: Event.Payload) throws {
        try write(Event(timestamp: Timestamp(milliseconds: milliseconds), payload: payload))
    }

    /// Writes a draft of `action` in `role`, with no signatures yet: `govern sign` adds them.
    func writeDraft(_ action: GovernedAction, role: Role, _ draft: DraftOptions) throws {
        let signed = SignedAction(
            domain: try resolvedDomain(),
            role: role,
            action: action,
            nonce: draft.nonce,
            expiresAt: draft.expiry
        )
        try write(.signedAction(SignedActionEvent(signed: signed)))
    }

    /// Writes `event` as a line of the stream.
    func write(_ event: Event) throws {
        let line = EventEncoder(config: try protocolConfig()).line(for: event, accounts: AccountDirectory())
        try GovernanceLines.append(line, to: out)
    }
}

/// The nonce and expiry every drafted signed action carries.
struct DraftOptions: ParsableArguments {
    @Option(help: "A number used once per deployment.")
    var nonce: UInt64

    @Option(help: "When the signatures expire: milliseconds since the epoch or RFC 3339.")
    var expiresAt: String

    func validate() throws {
        guard EventTimeText.milliseconds(expiresAt) != nil else {
            throw ValidationError("--expires-at must be milliseconds since the epoch or RFC 3339")
        }
    }

    var expiry: Int64 { EventTimeText.milliseconds(expiresAt) ?? 0 }
}

enum GovernanceLines {
    /// Appends `line` to the file at `path` (created if missing), or prints it.
    static func append(_ line: String, to path: String?) throws {
        guard let path else { return print(line) }
        let exists =
            FileManager.default.fileExists(atPath: path) || FileManager.default.createFile(atPath: path, contents: nil)
        guard exists, let handle = FileHandle(forWritingAtPath: path) else {
            Terminal.error("cannot write \(path)")
            throw ExitCode(1)
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
    }

    /// The events of the stream file at `path`, read with `config`; a bad line exits with its error.
    static func events(in path: String, config: ProtocolConfig) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.error("cannot read \(path)")
            throw ExitCode(1)
        }
        var decoder = EventDecoder(config: config)
        var events: [Event] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        ).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                events.append(try decoder.decode(Array(line.utf8), number: index + 1))
            } catch {
                Terminal.error("\(path): \(error)")
                throw ExitCode(1)
            }
        }
        return events
    }
}
