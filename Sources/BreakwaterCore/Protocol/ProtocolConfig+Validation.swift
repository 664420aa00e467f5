extension ProtocolConfig {
    /// Every problem that makes this config unusable; empty when it is valid.
    public func validate() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func check(_ condition: Bool, _ key: String, _ message: String) {
            if !condition { issues.append(ConfigIssue(key: key, message: message)) }
        }
        let one = Wad.one
        check(
            version == ProtocolConfig.currentVersion,
            "version",
            "must be \(ProtocolConfig.currentVersion), got \(version)"
        )
        check(
            stream.maxTimeJumpMilliseconds > 0,
            "stream.max_time_jump_ms",
            "must be positive, got \(stream.maxTimeJumpMilliseconds)"
        )
        check(
            (1...1000).contains(stream.confirmLines),
            "stream.confirm_lines",
            "must be from 1 to 1000, got \(stream.confirmLines)"
        )
        check(
            (1024...(1 << 30)).contains(stream.maxLineBytes),
            "stream.max_line_bytes",
            "must be from 1024 to 1073741824, got \(stream.maxLineBytes)"
        )
        check(!assets.isEmpty, "assets", "at least one asset is required")
        check(!pools.isEmpty, "pools", "at least one pool is required")
        checkUniqueNames(assets.map(\.name), &issues) { "assets[\($0)].name" }
        checkUniqueNames(feeds.map(\.name), &issues) { "feeds[\($0)].name" }
        checkUniqueNames(pools.map(\.name), &issues) { "pools[\($0)].name" }
        issues += referenceIssues()
        guard issues.isEmpty else { return issues }
        // Perpetual and option markets share one namespace, so a stream's `market` names exactly one of them.
        checkUniqueNames(markets.map(\.name) + optionMarkets.map(\.name), &issues) { index in
            index < markets.count
                ? "\(marketKey(MarketID(index))).name"
                : "\(optionMarketKey(OptionMarketID(index - markets.count))).name"
        }

        for (index, asset) in assets.enumerated() {
            let key = "assets[\(index)]"
            if let price = asset.fixedPrice {
                check(price.isPositive, "\(key).fixed_price", "must be positive, got \(price)")
            } else {
                check(
                    feeds.contains { $0.asset == AssetID(index) },
                    key,
                    "asset \(asset.name) has neither a fixed_price nor a feed"
                )
            }
        }
        for (index, pool) in pools.enumerated() {
            let key = "pools[\(index)]"
            check(
                pool.collateral.contains { $0.asset == pool.quote },
                "\(key).quote",
                "the quote asset \(asset(pool.quote).name) must be one of the pool's collateral assets"
            )
            check(
                Set(pool.collateral.map(\.asset)).count == pool.collateral.count,
                "\(key).collateral",
                "an asset is listed twice"
            )
            check(
                isShare(pool.insuranceFeeShare),
                "\(key).insurance_fee_share",
                "must be in [0, 1], got \(pool.insuranceFeeShare)"
            )
            check(
                !pool.liquidationPenalty.isNegative && pool.liquidationPenalty < one,
                "\(key).liquidation_penalty",
                "must be in [0, 1), got \(pool.liquidationPenalty)"
            )
            for (slot, collateral) in pool.collateral.enumerated() {
                let ckey = "\(key).collateral[\(slot)]"
                check(
                    !collateral.initialAssetWeight.isNegative
                        && collateral.initialAssetWeight <= collateral.maintenanceAssetWeight
                        && collateral.maintenanceAssetWeight <= one,
                    "\(ckey).initial_asset_weight",
                    "asset weights must satisfy 0 <= initial <= maintenance <= 1"
                )
                check(
                    one <= collateral.maintenanceLiabilityWeight
                        && collateral.maintenanceLiabilityWeight <= collateral.initialLiabilityWeight,
                    "\(ckey).initial_liability_weight",
                    "liability weights must satisfy 1 <= maintenance <= initial"
                )
            }
        }
        for (index, market) in markets.enumerated() {
            let key = marketKey(MarketID(index))
            check(
                market.maintenanceMargin.isPositive && market.maintenanceMargin < market.initialMargin
                    && market.initialMargin <= one,
                "\(key).initial_margin",
                "margins must satisfy 0 < maintenance_margin < initial_margin <= 1"
            )
            check(isShare(market.takerFee), "\(key).taker_fee", "must be in [0, 1], got \(market.takerFee)")
            check(
                isShare(market.liquidationPenalty),
                "\(key).liquidation_penalty",
                "must be in [0, 1], got \(market.liquidationPenalty)"
            )
            check(!market.maxFundingRate.isNegative, "\(key).max_funding_rate", "must not be negative")
            check(market.fundingPeriodMilliseconds > 0, "\(key).funding_period_ms", "must be positive")
        }
        for (index, option) in optionMarkets.enumerated() {
            let key = optionMarketKey(OptionMarketID(index))
            let pool = pool(option.pool)
            check(
                option.underlying != pool.quote && pool.collateral.contains { $0.asset == option.underlying },
                "\(key).underlying",
                "calls lock the underlying: \(asset(option.underlying).name) must be collateral of pool \(pool.name) and not its quote"
            )
        }
        check(oracle.maxStalenessMilliseconds > 0, "oracle.max_staleness_ms", "must be positive")
        check(
            oracle.tradingStalenessMilliseconds > 0
                && oracle.tradingStalenessMilliseconds <= oracle.maxStalenessMilliseconds,
            "oracle.trading_staleness_ms",
            "must be in (0, max_staleness_ms], got \(oracle.tradingStalenessMilliseconds)"
        )
        check(oracle.jumpFactor > one, "oracle.jump_factor", "must be greater than 1, got \(oracle.jumpFactor)")
        check(oracle.maxConfidenceRatio.isPositive, "oracle.max_confidence_ratio", "must be positive")
        check(oracle.maxDivergence.isPositive, "oracle.max_divergence", "must be positive")
        check(oracle.maxTWAPRatio > one, "oracle.max_twap_ratio", "must be greater than 1, got \(oracle.maxTWAPRatio)")
        check(oracle.twapHalfLifeMilliseconds > 0, "oracle.twap_half_life_ms", "must be positive")
        check(
            oracle.twapMaxStep.isPositive && oracle.twapMaxStep < one,
            "oracle.twap_max_step",
            "must be in (0, 1), got \(oracle.twapMaxStep)"
        )
        for (index, feed) in feeds.enumerated() {
            if let heartbeat = feed.heartbeatMilliseconds {
                check(
                    heartbeat > 0 && heartbeat <= oracle.maxStalenessMilliseconds,
                    "feeds[\(index)].heartbeat_ms",
                    "must be in (0, oracle.max_staleness_ms], got \(heartbeat)"
                )
            }
            if let floor = feed.minAnswer {
                check(!floor.isNegative, "feeds[\(index)].min_answer", "must not be negative")
            }
            if let floor = feed.minAnswer, let ceiling = feed.maxAnswer {
                check(floor < ceiling, "feeds[\(index)].max_answer", "must be greater than min_answer \(floor)")
            }
        }
        let band = policy.priceBand
        check(
            band.width.isPositive && band.width < one,
            "policy.price_band.width",
            "must be in (0, 1), got \(band.width)"
        )
        check(band.referenceHalfLifeMilliseconds > 0, "policy.price_band.reference_half_life_ms", "must be positive")
        check(band.limitStateMilliseconds >= 0, "policy.price_band.limit_state_ms", "must not be negative")
        check(band.haltMilliseconds > 0, "policy.price_band.halt_ms", "must be positive")
        let outflow = policy.outflowLimit
        check(
            outflow.maxShare.isPositive && outflow.maxShare <= one,
            "policy.outflow_limit.max_share",
            "must be in (0, 1], got \(outflow.maxShare)"
        )
        check(outflow.refillMilliseconds > 0, "policy.outflow_limit.refill_ms", "must be positive")
        check(outflow.inflowDecayMilliseconds > 0, "policy.outflow_limit.inflow_decay_ms", "must be positive")
        check(!outflow.minimumLiquidity.isNegative, "policy.outflow_limit.min_liquidity", "must not be negative")
        check(policy.liquidationGraceMilliseconds >= 0, "policy.liquidation_grace_ms", "must not be negative")
        issues += policy.detectors.issues()
        issues += governance.issues()
        return issues
    }

    /// The YAML key of a market: markets are written inside their pool.
    public func marketKey(_ id: MarketID) -> String {
        let market = market(id)
        let position = markets(in: market.pool).firstIndex(of: id) ?? 0
        return "pools[\(market.pool.index)].markets[\(position)]"
    }

    /// The YAML key of an option market: option markets are written inside their pool.
    public func optionMarketKey(_ id: OptionMarketID) -> String {
        let pool = optionMarket(id).pool
        let position = optionMarketIDs.filter { optionMarket($0).pool == pool }.firstIndex(of: id) ?? 0
        return "pools[\(pool.index)].options[\(position)]"
    }

    /// Ids that point outside their tables; later checks rely on these being valid.
    private func referenceIssues() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        let assetRange = 0..<assets.count
        for (index, feed) in feeds.enumerated() where !assetRange.contains(Int(feed.asset.index)) {
            issues.append(ConfigIssue(key: "feeds[\(index)].asset", message: "unknown asset"))
        }
        for (index, pool) in pools.enumerated() {
            if !assetRange.contains(Int(pool.quote.index)) {
                issues.append(ConfigIssue(key: "pools[\(index)].quote", message: "unknown asset"))
            }
            for (slot, collateral) in pool.collateral.enumerated()
            where !assetRange.contains(Int(collateral.asset.index)) {
                issues.append(ConfigIssue(key: "pools[\(index)].collateral[\(slot)].asset", message: "unknown asset"))
            }
        }
        for (index, market) in markets.enumerated() {
            if !(0..<pools.count).contains(Int(market.pool.index)) {
                issues.append(ConfigIssue(key: "markets[\(index)].pool", message: "unknown pool"))
            }
            if !assetRange.contains(Int(market.underlying.index)) {
                issues.append(ConfigIssue(key: "markets[\(index)].underlying", message: "unknown asset"))
            }
        }
        for (index, option) in optionMarkets.enumerated() {
            if !(0..<pools.count).contains(Int(option.pool.index)) {
                issues.append(ConfigIssue(key: "options[\(index)].pool", message: "unknown pool"))
            }
            if !assetRange.contains(Int(option.underlying.index)) {
                issues.append(ConfigIssue(key: "options[\(index)].underlying", message: "unknown asset"))
            }
        }
        return issues
    }

    private func isShare(_ value: Wad) -> Bool { !value.isNegative && value <= .one }

    private func checkUniqueNames(_ names: [String], _ issues: inout [ConfigIssue], key: (Int) -> String) {
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            if name.isEmpty {
                issues.append(ConfigIssue(key: key(index), message: "must not be empty"))
            } else if !seen.insert(name).inserted {
                issues.append(ConfigIssue(key: key(index), message: "duplicate name \(name)"))
            }
        }
    }
}
