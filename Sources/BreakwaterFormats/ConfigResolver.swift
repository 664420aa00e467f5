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
            ProtocolConfig.Asset(name: required(asset.name, "assets[\(index)].name") ?? "", fixedPrice: asset.fixedPrice)
        }
        let assetNames = assets.map(\.name)
        let feeds = (wire.feeds ?? []).enumerated().map { index, feed in
            ProtocolConfig.Feed(
                name: required(feed.name, "feeds[\(index)].name") ?? "",
                asset: AssetID(reference(feed.asset, assetNames, "feeds[\(index)].asset", "asset") ?? 0),
                heartbeatMilliseconds: feed.heartbeatMs,
                minAnswer: feed.minAnswer,
                maxAnswer: feed.maxAnswer
            )
        }
        var pools: [ProtocolConfig.Pool] = []
        var markets: [ProtocolConfig.Market] = []
        var optionMarkets: [ProtocolConfig.OptionMarket] = []
        for (poolIndex, wirePool) in (wire.pools ?? []).enumerated() {
            let key = "pools[\(poolIndex)]"
            let collateral = (wirePool.collateral ?? []).enumerated().map { slot, item in
                resolve(item, key: "\(key).collateral[\(slot)]", assetNames: assetNames)
            }
            let defaults = ProtocolConfig.Pool(name: "", quote: AssetID(0), collateral: [])
            pools.append(
                ProtocolConfig.Pool(
                    name: required(wirePool.name, "\(key).name") ?? "",
                    quote: AssetID(reference(wirePool.quote, assetNames, "\(key).quote", "asset") ?? 0),
                    collateral: collateral,
                    insuranceFeeShare: wirePool.insuranceFeeShare ?? defaults.insuranceFeeShare,
                    liquidationPenalty: wirePool.liquidationPenalty ?? defaults.liquidationPenalty
                )
            )
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
                        underlying: AssetID(reference(wireOption.underlying, assetNames, "\(optionKey).underlying", "asset") ?? 0)
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
            oracle: resolve(wire.oracle),
            policy: resolve(wire.policy)
        )
    }

    private mutating func resolve(_ wire: WireCollateral, key: String, assetNames: [String]) -> ProtocolConfig.Collateral {
        let defaults = ProtocolConfig.Collateral(asset: AssetID(0))
        return ProtocolConfig.Collateral(
            asset: AssetID(reference(wire.asset, assetNames, "\(key).asset", "asset") ?? 0),
            initialAssetWeight: wire.initialAssetWeight ?? defaults.initialAssetWeight,
            maintenanceAssetWeight: wire.maintenanceAssetWeight ?? defaults.maintenanceAssetWeight,
            initialLiabilityWeight: wire.initialLiabilityWeight ?? defaults.initialLiabilityWeight,
            maintenanceLiabilityWeight: wire.maintenanceLiabilityWeight ?? defaults.maintenanceLiabilityWeight,
            isBorrowable: wire.borrowable ?? defaults.isBorrowable
        )
    }

    private mutating func resolve(
        _ wire: WireMarket,
        key: String,
        pool: PoolID,
        assetNames: [String]
    ) -> ProtocolConfig.Market {
        let defaults = ProtocolConfig.Market(name: "", pool: pool, underlying: AssetID(0))
        return ProtocolConfig.Market(
            name: required(wire.name, "\(key).name") ?? "",
            pool: pool,
            underlying: AssetID(reference(wire.underlying, assetNames, "\(key).underlying", "asset") ?? 0),
            initialMargin: wire.initialMargin ?? defaults.initialMargin,
            maintenanceMargin: wire.maintenanceMargin ?? defaults.maintenanceMargin,
            takerFee: wire.takerFee ?? defaults.takerFee,
            liquidationPenalty: wire.liquidationPenalty ?? defaults.liquidationPenalty,
            unrealizedProfitCounts: wire.unrealizedProfitCounts ?? defaults.unrealizedProfitCounts,
            maxFundingRate: wire.maxFundingRate ?? defaults.maxFundingRate,
            fundingPeriodMilliseconds: wire.fundingPeriodMs ?? defaults.fundingPeriodMilliseconds
        )
    }

    private func resolve(_ wire: WireOracle?) -> OracleSettings {
        let defaults = OracleSettings()
        return OracleSettings(
            maxStalenessMilliseconds: wire?.maxStalenessMs ?? defaults.maxStalenessMilliseconds,
            tradingStalenessMilliseconds: wire?.tradingStalenessMs ?? defaults.tradingStalenessMilliseconds,
            jumpFactor: wire?.jumpFactor ?? defaults.jumpFactor,
            maxConfidenceRatio: wire?.maxConfidenceRatio ?? defaults.maxConfidenceRatio,
            maxDivergence: wire?.maxDivergence ?? defaults.maxDivergence,
            maxTWAPRatio: wire?.maxTWAPRatio ?? defaults.maxTWAPRatio,
            twapHalfLifeMilliseconds: wire?.twapHalfLifeMs ?? defaults.twapHalfLifeMilliseconds,
            twapMaxStep: wire?.twapMaxStep ?? defaults.twapMaxStep
        )
    }

    private func resolve(_ wire: WirePolicy?) -> Policy {
        let band = PriceBandSettings()
        let outflow = OutflowLimitSettings()
        let wireBand = wire?.priceBand
        let wireOutflow = wire?.outflowLimit
        return Policy(
            priceBand: PriceBandSettings(
                isEnabled: wireBand?.enabled ?? band.isEnabled,
                width: wireBand?.width ?? band.width,
                referenceHalfLifeMilliseconds: wireBand?.referenceHalfLifeMs ?? band.referenceHalfLifeMilliseconds,
                limitStateMilliseconds: wireBand?.limitStateMs ?? band.limitStateMilliseconds,
                haltMilliseconds: wireBand?.haltMs ?? band.haltMilliseconds
            ),
            outflowLimit: OutflowLimitSettings(
                isEnabled: wireOutflow?.enabled ?? outflow.isEnabled,
                maxShare: wireOutflow?.maxShare ?? outflow.maxShare,
                refillMilliseconds: wireOutflow?.refillMs ?? outflow.refillMilliseconds,
                inflowDecayMilliseconds: wireOutflow?.inflowDecayMs ?? outflow.inflowDecayMilliseconds,
                minimumLiquidity: wireOutflow?.minLiquidity ?? outflow.minimumLiquidity
            )
        )
    }
}
