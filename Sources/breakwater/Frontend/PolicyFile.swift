import ArgumentParser
import BreakwaterCore
import BreakwaterEngine
import BreakwaterForensics
import BreakwaterFormats
import BreakwaterPipeline
import Foundation

/// Reads a policy file (`--policy`): the policy section of a config, to replay a journal under.
enum PolicyFile {
    /// The journal's config with the policy at `path`; an invalid policy exits with status 1 after listing its
    /// problems.
    ///
    /// - Throws: `JournalError` if the journal's header cannot be read.
    static func alternative(
        _ path: String,
        for store: any JournalStore,
        journal: String
    ) async throws -> CounterfactualReplay.Alternative {
        let text = try text(path)
        let header = try await JournalReader.header(of: store)
        guard !header.configYAML.isEmpty else {
            Terminal.error(
                "journal \(journal): its config was built in code and is not in the journal: no policy to replace"
            )
            throw ExitCode(1)
        }
        let merged: (config: ProtocolConfig, text: String)
        do {
            merged = try ConfigLoader.load(yaml: header.configYAML, policy: text)
        } catch {
            Terminal.error("\(path): \(error)")
            throw ExitCode(1)
        }
        return CounterfactualReplay.Alternative(label: path, config: merged.config, configYAML: merged.text)
    }

    /// The text of the policy file at `path`.
    static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read policy file \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
