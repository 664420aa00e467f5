import BreakwaterCore

/// Turns a ``WireConfig`` into a ``ProtocolConfig``: names to ids, missing keys to documented defaults.
struct ConfigResolver {
    private(set) var issues: [ConfigIssue] = []

    private mutating func required<T>(_ value: T?, _ key: String) -> T? {
        if value == nil { issues.append(ConfigIssue(key: key, message: "missing required key")) }
        return value
    }

    private mutating func reference(_ name: String?, _ table: [String], _ key: String, _ noun: String) -> Int? {
        guard let name = required(name, key) else { return nil }
        guard let index = table.firstIndex(of: name) else {
            issues.append(ConfigIssue(key: key, message: "unknown \(noun) \"\(name)\""))
            return nil
        }
        return index
    }

    mutating func resolve(_ wire: WireConfig) -> ProtocolConfig {
        let assets = (wire.assets ?? []).enumerated().map { index, asset in
            ProtocolConfig.Asset(
                name: required(asset.name, "assets[\(index)].name") ?? "",
                fixedPrice: asset.fixedPrice
            )
        }
        let assetNames = assets.map(\.name)
        let feeds = (wire.feeds ?? []).enumerated().map { index, feed in
            var resolved = ProtocolConfig.Feed(
                name: required(feed.name, "feeds[\(index)].name") ?? "",
                asset: AssetID(reference(feed.asset, assetNames, "feeds[\(index)].asset", "asset") ?? 0)
            )
            (resolved.heartbeatMilliseconds, resolved.minAnswer, resolved.maxAnswer) = (
                feed.heartbeatMs, feed.minAnswer, feed.maxAnswer
            )
            return resolved
        }
        var pools: [ProtocolConfig.Pool] = []
        var markets: [ProtocolConfig.Market] = []
        var optionMarkets: [ProtocolConfig.OptionMarket] = []
        for (poolIndex, wirePool) in (wire.pools ?? []).enumerated() {
            let key = "pools[\(poolIndex)]"
            let collateral = (wirePool.collateral ?? []).enumerated().map { slot, item in
                resolve(item, key: "\(key).collateral[\(slot)]", assetNames: assetNames)
            }
            var pool = ProtocolConfig.Pool(
                name: required(wirePool.name, "\(key).name") ?? "",
                quote: AssetID(reference(wirePool.quote, assetNames, "\(key).quote", "asset") ?? 0),
                collateral: collateral
            )
            wirePool.insuranceFeeShare.set(&pool.insuranceFeeShare)
            wirePool.liquidationPenalty.set(&pool.liquidationPenalty)
            pools.append(pool)
            for (marketIndex, wireMarket) in (wirePool.markets ?? []).enumerated() {
                markets.append(
                    resolve(
                        wireMarket,
                        key: "\(key).markets[\(marketIndex)]",
                        pool: PoolID(poolIndex),
                        assetNames: assetNames
                    )
                )
            }
            for (optionIndex, wireOption) in (wirePool.options ?? []).enumerated() {
                let optionKey = "\(key).options[\(optionIndex)]"
                optionMarkets.append(
                    ProtocolConfig.OptionMarket(
                        name: required(wireOption.name, "\(optionKey).name") ?? "",
                        pool: PoolID(poolIndex),
                        underlying: AssetID(
                            reference(wireOption.underlying, assetNames, "\(optionKey).underlying", "asset") ?? 0
                        )
                    )
                )
            }
        }
        return ProtocolConfig(
            version: required(wire.version, "version") ?? ProtocolConfig.currentVersion,
            name: wire.name ?? "unnamed protocol",
            assets: assets,
            feeds: feeds,
            pools: pools,
            markets: markets,
            optionMarkets: optionMarkets,
            policy: policy(responses: wire.policy?.responses),
            governance: wire.governance.map { resolve($0, name: wire.name ?? "unnamed protocol") }
        )
    }

    private mutating func resolve(_ wire: WireGovernance, name: String) -> GovernanceConfig {
        func keys(_ texts: [String]?, _ key: String) -> [[UInt8]] {
            (texts ?? []).enumerated().compactMap { index, text in publicKey(text, "\(key)[\(index)]") }
        }
        var config = GovernanceConfig(domain: wire.domain ?? name)
        config.guardians = keys(wire.guardians?.keys, "governance.guardians.keys")
        config.guardianThreshold = wire.guardians?.threshold ?? config.guardianThreshold
        config.guardianSupermajority = wire.guardians?.supermajority ?? config.guardianSupermajority
        config.guardianPauseMilliseconds = wire.guardians?.pauseMs ?? config.guardianPauseMilliseconds
        config.reviewMilliseconds = wire.guardians?.reviewMs ?? config.reviewMilliseconds
        config.operators = keys(wire.operators, "governance.operators")
        config.operatorMinimumMaxShare = wire.operatorBounds?.minMaxShare ?? config.operatorMinimumMaxShare
        config.operatorMinimumBandWidth = wire.operatorBounds?.minBandWidth ?? config.operatorMinimumBandWidth
        config.voters = (wire.dao?.voters ?? []).enumerated().compactMap { index, voter in
            let key = "governance.dao.voters[\(index)]"
            guard let text = required(voter.key, "\(key).key"), let power = required(voter.power, "\(key).power"),
                let publicKey = publicKey(text, "\(key).key")
            else { return nil }
            return GovernanceConfig.Voter(key: publicKey, power: power)
        }
        config.proposalThreshold = wire.dao?.proposalThreshold ?? config.proposalThreshold
        config.votingPeriodMilliseconds = wire.dao?.votingPeriodMs ?? config.votingPeriodMilliseconds
        config.quorum = wire.dao?.quorum ?? config.quorum
        config.approval = wire.dao?.approval ?? config.approval
        config.timelockMilliseconds = wire.dao?.timelockMs ?? config.timelockMilliseconds
        config.shortTimelockMilliseconds = wire.dao?.shortTimelockMs ?? config.shortTimelockMilliseconds
        config.automaticPayoutBound = wire.insurance?.autoPayout ?? config.automaticPayoutBound
        return config
    }

    private mutating func publicKey(_ text: String, _ key: String) -> [UInt8]? {
        guard let bytes = PublicKeyText.key(text) else {
            issues.append(
                ConfigIssue(key: key, message: "not a public key: expected ed25519: and 64 hexadecimal digits")
            )
            return nil
        }
        return bytes
    }

    private mutating func resolve(
        _ wire: WireCollateral,
        key: String,
        assetNames: [String]
    ) -> ProtocolConfig.Collateral {
        var collateral = ProtocolConfig.Collateral(
            asset: AssetID(reference(wire.asset, assetNames, "\(key).asset", "asset") ?? 0)
        )
        wire.initialAssetWeight.set(&collateral.initialAssetWeight)
        wire.maintenanceAssetWeight.set(&collateral.maintenanceAssetWeight)
        wire.initialLiabilityWeight.set(&collateral.initialLiabilityWeight)
        wire.maintenanceLiabilityWeight.set(&collateral.maintenanceLiabilityWeight)
        wire.borrowable.set(&collateral.isBorrowable)
        return collateral
    }

    private mutating func resolve(
        _ wire: WireMarket,
        key: String,
        pool: PoolID,
        assetNames: [String]
    ) -> ProtocolConfig.Market {
        var market = ProtocolConfig.Market(
            name: required(wire.name, "\(key).name") ?? "",
            pool: pool,
            underlying: AssetID(reference(wire.underlying, assetNames, "\(key).underlying", "asset") ?? 0)
        )
        wire.initialMargin.set(&market.initialMargin)
        wire.maintenanceMargin.set(&market.maintenanceMargin)
        wire.takerFee.set(&market.takerFee)
        wire.liquidationPenalty.set(&market.liquidationPenalty)
        wire.unrealizedProfitCounts.set(&market.unrealizedProfitCounts)
        wire.maxFundingRate.set(&market.maxFundingRate)
        wire.fundingPeriodMs.set(&market.fundingPeriodMilliseconds)
        return market
    }

    /// The default policy with the response table the file gives, if it gives one.
    private mutating func policy(responses: [WireResponseRule]?) -> Policy {
        var policy = Policy()
        policy.responses = resolve(responses)
        return policy
    }

    /// The response table as written, or the defaults when the file gives none (a table replaces the defaults
    /// whole, so what runs is exactly what the file says).
    private mutating func resolve(_ wire: [WireResponseRule]?) -> [ResponseRule] {
        guard let wire else { return ResponseRule.defaults }
        return wire.enumerated().compactMap { index, rule in resolve(rule, key: "policy.responses[\(index)]") }
    }

    private mutating func resolve(_ wire: WireResponseRule, key: String) -> ResponseRule? {
        func known<T>(_ name: String?, _ field: String, _ table: [(String, T)], _ noun: String) -> T? {
            guard let name = required(name, "\(key).\(field)") else { return nil }
            guard let value = table.first(where: { $0.0 == name })?.1 else {
                let names = table.map(\.0).joined(separator: ", ")
                issues.append(
                    ConfigIssue(key: "\(key).\(field)", message: "unknown \(noun) \"\(name)\" (known: \(names))")
                )
                return nil
            }
            return value
        }
        let signal = known(wire.signal, "signal", Signal.Kind.known.map { ($0.rawValue, $0) }, "signal kind")
        let severity = known(
            wire.severity ?? "warning",
            "severity",
            Signal.Severity.allCases.map { ($0.rawValue, $0) },
            "severity"
        )
        let response = known(
            wire.action,
            "action",
            ResponseRule.Response.allCases.map { ($0.rawValue, $0) },
            "response"
        )
        let exits = known(wire.exits ?? "allowed", "exits", [("allowed", false), ("blocked", true)], "exits setting")
        guard let signal, let severity, let response, let exits else { return nil }
        if response.isPause {
            if wire.durationMs != nil {
                issues.append(
                    ConfigIssue(key: "\(key).duration_ms", message: "a pause has no duration: only governance lifts it")
                )
            }
        } else {
            guard let duration = required(wire.durationMs, "\(key).duration_ms") else { return nil }
            if duration <= 0 {
                issues.append(ConfigIssue(key: "\(key).duration_ms", message: "must be positive, got \(duration)"))
            }
            if wire.exits != nil {
                issues.append(ConfigIssue(key: "\(key).exits", message: "only a pause stops exits"))
            }
        }
        return ResponseRule(
            signal: signal,
            minimumSeverity: severity,
            response: response,
            durationMilliseconds: wire.durationMs,
            blocksExits: exits
        )
    }
}

extension Optional {
    /// Sets `value` to the wrapped value, if there is one: a key the file gives overrides its default.
    fileprivate func set(_ value: inout Wrapped) {
        if let self { value = self }
    }
}
