import ArgumentParser
import BreakwaterChain
import BreakwaterCore
import BreakwaterFormats
import Foundation

/// Reads the protocol config and the chain config that chain commands take.
enum ChainFile {
    /// The exit status for a config that does not load: 64, as sysexits' EX_USAGE.
    static let configDoesNotLoad = ExitCode(64)

    /// Both configs, checked; either one not loading exits with status 64 after listing its problems.
    static func load(
        chain path: String,
        config configPath: String?
    ) throws -> (config: ProtocolConfig, chain: ChainConfig) {
        let config: ProtocolConfig
        do {
            config = try ConfigLoader.load(yaml: try ConfigFile.text(at: configPath))
        } catch {
            Terminal.error("\(configPath ?? "default config"): \(error)")
            throw configDoesNotLoad
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.error("cannot read chain config \(path)")
            throw configDoesNotLoad
        }
        do {
            let text = String(decoding: data, as: UTF8.self)
            let environment = ProcessInfo.processInfo.environment
            return (config, try ChainConfig.load(yaml: text, protocol: config, environment: environment))
        } catch {
            Terminal.error("\(path): \(error)")
            throw configDoesNotLoad
        }
    }

    /// `value` as pretty, key-sorted JSON.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
