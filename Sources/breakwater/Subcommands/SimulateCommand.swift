import ArgumentParser
import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a seeded market with an attack from the library, as an event stream.",
        discussion: """
            The market is three hours of ETH, BTC and MNGO on the reference protocol (three feeds each, noise \
            traders, LPs, hourly funding); the attack is injected at t+90m. The stream replays, journals and \
            post-mortems like a real one. The scenarios and the real incidents they stand for: docs/simulation.md.
            Example: breakwater simulate --scenario feed_spike --seed 7 --out spike.jsonl && breakwater replay spike.jsonl
            """
    )

    @Option(help: "The scenario: \(MangoScenario.Attack.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: String = MangoScenario.Attack.mango.rawValue

    @Option(help: "Seed of the market and the attack.")
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Hours of market (the attack is at 90 minutes; at least 2, or 3 for "
                + MangoScenario.Attack.allCases.filter { $0.minimumHours == 3 }.map(\.rawValue).joined(separator: ", ")
                + "). Default: 3, or the real series' span for the scenarios that replay one."
        )
    )
    var hours: Int?

    @Option(
        help: ArgumentHelp(
            "The folder of the real series that "
                + MangoScenario.Attack.allCases.filter { $0.historicalSeries != nil }.map(\.rawValue)
                .joined(separator: ", ") + " replay (the workspace's ../shared/data/series), instead of --prices."
        )
    )
    var series: String?

    @Option(help: "Where to write the stream (JSON Lines). Default: standard output.")
    var out: String?

    @Option(
        help:
            "The protocol config (YAML) to generate for; it must have the reference protocol's names. Default: the embedded reference protocol."
    )
    var config: String?

    @Option(
        help:
            "Also write the config the stream was generated for: for malicious_proposal and logic_bug, the config with the demo's governance keys their signed events need."
    )
    var configOut: String?

    @Option(
        name: .customLong("prices"),
        help:
            "ASSET=FILE: follow the historical bars of a CSV (open_time_ms, open, high, low, close) for that asset instead of a generated path; repeatable."
    )
    var prices: [String] = []

    @Option(help: "With --prices: the column holding each row's time.")
    var timeColumn = "open_time_ms"

    @Option(help: "With --prices: the unit of the time column, ms or s.")
    var timeUnit: TimeUnit = .ms

    @Option(
        help:
            "With --prices: read one price a row from this column (each price to the next bridged) instead of the bars' open, high, low and close columns."
    )
    var priceColumn: String?

    enum TimeUnit: String, ExpressibleByArgument, CaseIterable {
        case ms, s
        var milliseconds: Int64 { self == .ms ? 1 : 1_000 }
    }

    @Option(
        help:
            "With --prices: when the market starts, within the bars (milliseconds since the epoch or RFC 3339). Default: the first file's first bar."
    )
    var from: String?

    func validate() throws {
        guard let attack = MangoScenario.Attack(rawValue: scenario) else {
            throw ValidationError(
                "unknown scenario \(scenario) (known: \(MangoScenario.Attack.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        if let needed = attack.historicalSeries, prices.isEmpty, series == nil {
            let flags = needed.files.sorted { $0.key < $1.key }.map { "--prices \($0.key)=DIR/\($0.value)" }
            throw ValidationError(
                "\(scenario) replays real prices: give --series DIR (the folder holding them, e.g. ../shared/data/series) or "
                    + flags.joined(separator: " ")
            )
        }
        let hours = hours ?? attack.historicalSeries?.hours ?? 3
        guard hours >= attack.minimumHours else {
            throw ValidationError(
                "--hours must be at least \(attack.minimumHours) for \(scenario): the attack comes at 90 minutes and lasts"
            )
        }
        for price in prices where !price.contains("=") {
            throw ValidationError("--prices \(price): write it as ASSET=FILE")
        }
        if let from, EventTimeText.milliseconds(from) == nil {
            throw ValidationError("--from must be milliseconds since the epoch or RFC 3339")
        }
    }

    func run() throws {
        let attack = MangoScenario.Attack(rawValue: scenario) ?? .mango
        var (protocolConfig, configText) = try ConfigFile.loadWithText(at: config)
        if attack.needsGovernance, protocolConfig.governance.guardians.isEmpty {
            configText += DemoGovernance.yaml
            protocolConfig = try ConfigFile.parse(configText, named: "the config with the demo's governance")
        }
        if let configOut {
            do {
                try configText.write(toFile: configOut, atomically: true, encoding: .utf8)
            } catch {
                Terminal.error("cannot write \(configOut): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        } else if attack.needsGovernance, config == nil {
            Terminal.progress(
                "simulate: \(scenario) is signed with the demo's governance keys: write its config with --config-out FILE and replay with --config FILE"
            )
        }
        let missing = MangoScenario.missingNames(in: protocolConfig)
        guard missing.isEmpty else {
            Terminal.error("\(config ?? "default config"): \(ConfigError(issues: missing))")
            throw ExitCode(1)
        }
        var market = MangoScenario(seed: seed)
        let hours = hours ?? attack.historicalSeries?.hours ?? 3
        market.durationMilliseconds = Int64(hours) * 3_600_000
        market.attack = attack
        var prices = prices
        if let series, prices.isEmpty, let needed = attack.historicalSeries {
            prices = needed.files.sorted { $0.key < $1.key }.map { "\($0.key)=\(series)/\($0.value)" }
        }
        let from = from ?? (prices.isEmpty ? nil : attack.historicalSeries?.from)
        for entry in prices {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard protocolConfig.assetID(named: parts[0]) != nil,
                let text = try? String(contentsOfFile: parts[1], encoding: .utf8)
            else {
                Terminal.error(
                    "--prices \(entry): \(protocolConfig.assetID(named: parts[0]) == nil ? "no asset \(parts[0])" : "cannot read \(parts[1])")"
                )
                throw ExitCode(1)
            }
            do {
                market.historicalPrices[parts[0]] =
                    try priceColumn.map {
                        try BarPath(prices: text, time: timeColumn, timeScale: timeUnit.milliseconds, price: $0)
                    }
                    ?? BarPath(csv: text, time: timeColumn, timeScale: timeUnit.milliseconds)
            } catch {
                Terminal.error("\(parts[1]): \(error)")
                throw ExitCode(1)
            }
        }
        if let first = prices.first.flatMap({ market.historicalPrices[String($0.prefix { $0 != "=" })] }) {
            market.start = Timestamp(milliseconds: from.flatMap(EventTimeText.milliseconds) ?? first.bars[0].openTime)
        }
        let schedule = market.schedule(for: protocolConfig)
        let encoder = EventEncoder(config: protocolConfig)
        let output = try OutputFile(path: out)
        var count = 0
        schedule.forEachEvent { event in
            output.write { encoder.write(event, accounts: schedule.accounts, into: &$0) }
            count += 1
        }
        output.finish()
        Terminal.progress(
            "simulate: \(scenario) (seed \(seed)): \(count) events over \(hours) h"
                + (out.map { " written to \($0)" } ?? "")
        )
    }
}
