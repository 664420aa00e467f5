import ArgumentParser
import BreakwaterCore
import BreakwaterFormats
import Foundation

/// Reads the protocol config named on the command line, or the embedded default.
enum ConfigFile {
    /// The YAML text at `path`, or the default protocol's when `path` is `nil`.
    static func text(at path: String?) throws -> String {
        guard let path else { return DefaultProtocol.yaml }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read config file \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The validated config; an invalid one exits with status 1 after listing its problems.
    static func load(at path: String?) throws -> ProtocolConfig {
        try loadWithText(at: path).config
    }

    /// The validated config and the text it was read from, which a journal's header records.
    static func loadWithText(at path: String?) throws -> (config: ProtocolConfig, text: String) {
        let text = try text(at: path)
        return (try parse(text, named: path ?? "default config"), text)
    }

    /// The validated config of `text`; an invalid one exits with status 1 after listing its problems under `name`.
    static func parse(_ text: String, named name: String) throws -> ProtocolConfig {
        do {
            return try ConfigLoader.load(yaml: text)
        } catch {
            Terminal.error("\(name): \(error)")
            throw ExitCode(1)
        }
    }
}

/// Writing to standard error.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("breakwater: " + message + "\n").utf8))
    }

    /// Progress of long work, on standard error so it never mixes with the report.
    static func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
