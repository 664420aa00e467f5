import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The local chain of `scripts/localchain.py`, started for a test on a free loopback port and stopped after it.
///
/// It needs a Python with the packages `.ci/run` installs: `$BREAKWATER_CHAIN_PYTHON`, or `.venv-chain/bin/python`
/// in the repository. Without one the tests that need it are skipped, except under CI, where they fail.
final class LocalChain {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let python: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["BREAKWATER_CHAIN_PYTHON"] {
            candidates.append(configured)
        }
        candidates.append(repository.appendingPathComponent(".venv-chain/bin/python").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the tests that need the chain run: with a Python, or under CI (which then fails without one).
    static let isAvailable = python != nil || ProcessInfo.processInfo.environment["CI"] != nil

    /// The `state` file `serve` writes: where it listens and what it deployed.
    struct State: Decodable {
        var rpc: String
        var chainID: UInt64
        var accounts: [String: String]
        var contracts: [String: String]

        enum CodingKeys: String, CodingKey {
            case rpc, accounts, contracts
            case chainID = "chain_id"
        }
    }

    let state: State
    let folder: URL
    private let process: Process
    /// The chain's standard input: closing it stops the chain, even when this test process ends without deinit.
    private let lifeline = Pipe()

    /// Starts the chain and waits until it listens (it says so on standard output).
    init() throws {
        let python = try #require(
            Self.python,
            "no Python with the local chain's packages: run .ci/run, or set BREAKWATER_CHAIN_PYTHON"
        )
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("breakwater-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stateFile = folder.appendingPathComponent("state.json")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Self.repository.appendingPathComponent("scripts/localchain.py").path, "serve", "--port", "0", "--state",
            stateFile.path, "--stop-with-stdin",
        ]
        process.standardInput = lifeline
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The one line it prints once it listens; end of file means it stopped first.
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed.append(chunk)
        }
        guard String(decoding: printed, as: UTF8.self).hasPrefix("localchain: listening on ") else {
            try? lifeline.fileHandleForWriting.close()
            process.waitUntilExit()
            throw LocalChainError(message: "the local chain did not start: \(String(decoding: printed, as: UTF8.self))")
        }
        state = try JSONDecoder().decode(State.self, from: Data(contentsOf: stateFile))
    }

    deinit {
        try? lifeline.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `localchain.py drive SCENARIO` against this chain: real transactions, one JSON object printed per step.
    @discardableResult
    func drive(_ scenario: String...) throws -> [[String: Any]] {
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: try #require(Self.python))
        driver.arguments =
            [
                Self.repository.appendingPathComponent("scripts/localchain.py").path, "drive", "--state",
                folder.appendingPathComponent("state.json").path,
            ] + scenario
        let output = Pipe()
        driver.standardOutput = output
        try driver.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        driver.waitUntilExit()
        guard driver.terminationStatus == 0 else {
            throw LocalChainError(message: "drive \(scenario) exited \(driver.terminationStatus)")
        }
        return try String(decoding: printed, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The result of JSON-RPC `method` on this chain: `evm_snapshot` and `evm_revert` make reorgs.
    func call(_ method: String, _ params: [Any] = []) async throws -> Any {
        var request = URLRequest(url: try #require(URL(string: state.rpc)))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "id": 1, "method": method, "params": params,
        ])
        let (data, _) = try await URLSession.shared.data(for: request)
        let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(answer["result"], "\(method): \(answer)")
    }

    /// `contracts/chain.yml` pointed at this chain.
    func chainYAML() throws -> String {
        let text = try String(
            contentsOf: Self.repository.appendingPathComponent("contracts/chain.yml"),
            encoding: .utf8
        )
        return text.replacingOccurrences(of: "rpc: http://127.0.0.1:8545", with: "rpc: \(state.rpc)")
    }

    /// Writes `text` to a file of this chain's folder, and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    struct LocalChainError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
