extension DetectorSettings {
    /// Range problems, each with its YAML key.
    public func issues() -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func positive(_ value: Int64, _ key: String) {
            if value <= 0 {
                issues.append(ConfigIssue(key: "policy.detectors.\(key)", message: "must be positive, got \(value)"))
            }
        }
        func positive(_ value: Wad, _ key: String) {
            if !value.isPositive {
                issues.append(ConfigIssue(key: "policy.detectors.\(key)", message: "must be positive, got \(value)"))
            }
        }
        func notNegative(_ value: Wad, _ key: String) {
            if value.isNegative {
                issues.append(
                    ConfigIssue(key: "policy.detectors.\(key)", message: "must not be negative, got \(value)")
                )
            }
        }
        func ordered(_ low: Wad, _ high: Wad, _ key: String, _ lowKey: String) {
            if high < low {
                issues.append(
                    ConfigIssue(
                        key: "policy.detectors.\(key)",
                        message: "must be at least \(lowKey) \(low), got \(high)"
                    )
                )
            }
        }
        positive(volume.bucketMilliseconds, "volume.bucket_ms")
        positive(volume.baselineHalfLifeMilliseconds, "volume.baseline_half_life_ms")
        if volume.warmupBuckets < 0 {
            issues.append(ConfigIssue(key: "policy.detectors.volume.warmup_buckets", message: "must not be negative"))
        }
        positive(volume.warningScore, "volume.warning_score")
        ordered(volume.warningScore, volume.criticalScore, "volume.critical_score", "warning_score")
        notNegative(volume.minimumNotional, "volume.min_notional")
        positive(depletion.windowMilliseconds, "depletion.window_ms")
        positive(depletion.inflowDecayMilliseconds, "depletion.inflow_decay_ms")
        positive(depletion.warningShare, "depletion.warning_share")
        ordered(depletion.warningShare, depletion.criticalShare, "depletion.critical_share", "warning_share")
        notNegative(depletion.minimumLiquidity, "depletion.min_liquidity")
        positive(profit.poolShare, "profit.pool_share")
        positive(profit.depositMultiple, "profit.deposit_multiple")
        notNegative(profit.minimumProfit, "profit.min_profit")
        positive(wash.windowMilliseconds, "wash.window_ms")
        positive(wash.poolShare, "wash.pool_share")
        notNegative(wash.sizeTolerance, "wash.size_tolerance")
        positive(flashLoan.poolShare, "flash_loan.pool_share")
        positive(flashLoan.windowMilliseconds, "flash_loan.window_ms")
        positive(cascade.bucketMilliseconds, "cascade.bucket_ms")
        positive(cascade.baselineHalfLifeMilliseconds, "cascade.baseline_half_life_ms")
        positive(cascade.minimumLiquidations, "cascade.min_liquidations")
        positive(cascade.warningScore, "cascade.warning_score")
        positive(feedFault.afterMilliseconds, "feed_fault.after_ms")
        return issues
    }
}
