public import BreakwaterCore
public import BreakwaterEngine
public import BreakwaterFormats
public import BreakwaterPipeline

/// The demo: one seeded market with a Mango-style attack, replayed without and with Breakwater's responses.
public struct Demo: Sendable {
    public let scenario: MangoScenario
    /// The stream as JSON Lines, exactly as `--out` writes it.
    public let lines: [String]
    /// The config YAML the guarded run used.
    public let configYAML: String
    /// The run with every automated response switched off.
    public let unguarded: Outcome
    /// The run with the default policy: this report is what `replay` reproduces.
    public let guarded: Outcome

    /// One run and what the attacker got out of it.
    public struct Outcome: Sendable {
        public let report: ReplayReport
        /// What the attacker's accounts took out beyond what they put in, valued in the quote asset.
        public let attackerGain: Wad
        /// The LPs' profit or loss in the attacked pool: their value at the end minus what they put in.
        public let lpResult: Wad
        /// Bad debt the insurance fund could not cover, socialized to the LPs of the attacked pool.
        public let badDebt: Wad
        /// The LPs' insurance claims of resolved incidents.
        public let claims: [InsuranceClaim]
    }

    /// Generates the market with the default attack and runs it twice.
    public init(seed: UInt64, configYAML: String = DefaultProtocol.yaml) throws(ConfigError) {
        try self.init(scenario: MangoScenario(seed: seed), configYAML: configYAML)
    }

    /// Generates the market of `scenario` and runs it twice.
    ///
    /// When `governed`, a config without a `governance` section gets the demo's (``DemoGovernance``), and the
    /// guarded run ends with its story: guardians pause the attacked pool and hotfix the vulnerable code, the DAO unpauses, the LPs'
    /// insurance claim is settled. The unguarded run has neither responses nor people.
    ///
    /// - Throws: ``ConfigError`` if the config is invalid or lacks the reference protocol's names.
    public init(
        scenario: MangoScenario,
        configYAML: String = DefaultProtocol.yaml,
        governed: Bool = true
    ) throws(ConfigError) {
        self.scenario = scenario
        let story = try Self.story(of: scenario, configYAML: configYAML, governed: governed)
        let (config, yaml, market) = (story.config, story.configYAML, story.market)
        let encoder = EventEncoder(config: config)
        lines = story.lines
        self.configYAML = yaml
        // The unguarded config is built in code: its journal header holds no text.
        let marketLines = market.events().map { encoder.line(for: $0, accounts: market.accounts) }
        unguarded = Self.run(marketLines, config: config.unguarded, configYAML: "")
        guarded = Self.run(lines, config: config, configYAML: yaml)
    }

    /// The demo's stream without running it: the market of `scenario` and, when `governed`, the people's events
    /// (``DemoGovernance``), with the config they need. What `breakwater run` plays live.
    ///
    /// - Throws: ``ConfigError`` if the config is invalid or lacks the reference protocol's names.
    public static func story(
        of scenario: MangoScenario,
        configYAML: String = DefaultProtocol.yaml,
        governed: Bool = true
    ) throws(ConfigError) -> (config: ProtocolConfig, configYAML: String, market: EventSchedule, lines: [String]) {
        let given = try ConfigLoader.load(yaml: configYAML)
        let missing = MangoScenario.missingNames(in: given)
        guard missing.isEmpty else { throw ConfigError(issues: missing) }
        let governed = governed && given.governance.guardians.isEmpty && scenario.includesAttack
        let yaml = governed ? configYAML + DemoGovernance.yaml : configYAML
        let config = governed ? try ConfigLoader.load(yaml: yaml) : given
        let market = scenario.schedule(for: config)
        var schedule = market
        if governed {
            for (payload, time) in DemoGovernance.events(after: scenario.start.advanced(by: scenario.attackOffset)) {
                schedule.add(payload, at: time)
            }
        }
        let encoder = EventEncoder(config: config)
        return (config, yaml, market, schedule.events().map { encoder.line(for: $0, accounts: schedule.accounts) })
    }

    /// The quote-asset value the guarded run kept in the protocol.
    public var saved: Wad { (try? unguarded.attackerGain.subtracting(guarded.attackerGain)) ?? .zero }

    private static func run(_ lines: [String], config: ProtocolConfig, configYAML: String) -> Outcome {
        var replay = Replay(config: config, configYAML: configYAML)
        for (index, line) in lines.enumerated() {
            replay.feed(line: Array(line.utf8), number: index + 1)
        }
        let report = replay.report()
        let prices = replay.engine.prices
        var gain = Wad.zero
        for name in MangoScenario.attackerNames {
            for (assetName, flow) in report.outflows.byAccount[name] ?? [:] {
                guard let asset = config.assetID(named: assetName), let price = prices.price(of: asset),
                    let net = try? Wad(parsing: flow.withdrawn).subtracting(Wad(parsing: flow.deposited)),
                    let value = try? net.multiplied(by: price, rounding: .down)
                else { continue }
                gain = (try? gain.adding(value)) ?? gain
            }
        }
        let pool = replay.engine.ledger.pool(config.poolID(named: "alts")!)
        let lpValue = (try? pool.lpValue(prices: prices)).flatMap { $0 } ?? .zero
        let lpFlow = report.outflows.byAccount["lp-alts"]?["USDC"]
        let lpNet =
            (try? Wad(parsing: lpFlow?.deposited ?? "0").subtracting(Wad(parsing: lpFlow?.withdrawn ?? "0"))) ?? .zero
        let badDebt = pool.collateral.reduce(Wad.zero) { (try? $0.adding($1.socializedLoss)) ?? $0 }
        return Outcome(
            report: report,
            attackerGain: Wad.max(.zero, gain),
            lpResult: (try? lpValue.subtracting(lpNet)) ?? .zero,
            badDebt: badDebt,
            claims: replay.engine.claims
        )
    }
}
