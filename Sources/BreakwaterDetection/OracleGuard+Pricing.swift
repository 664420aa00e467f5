import BreakwaterCore

extension OracleGuard {
    /// Recomputes an asset's price and validity from its feeds at `now`, raising a signal for each feed that starts
    /// diverging and for the asset turning too volatile or losing its last valid feed.
    ///
    /// The live feeds are those fresh for margin and not refused. Their median is the yardstick for divergence (the
    /// median of all of them, not of "the others": with three feeds, the others of a good feed are one good and one
    /// bad one, whose median is their average). The guarded price is the median of the live feeds that do not
    /// diverge. With two live feeds that disagree, neither can be outvoted: both diverge and the asset has no price.
    mutating func reprice(_ asset: Int, at now: Timestamp, movingTWAP: Bool, signals: inout [Signal]) {
        guard fixedPrices[asset] == nil else { return }
        let members = feedsByAsset[asset]
        let maxAge = settings.maxStalenessMilliseconds
        let before = assets[asset].validity
        withUnsafeTemporaryAllocation(of: Wad.self, capacity: 2 * members.count + 1) { buffer in
            var live = 0
            for feed in members where feeds[feed].isLive(at: now, staleAfter: maxAge) {
                buffer.initializeElement(at: live, to: feeds[feed].price!)
                live += 1
            }
            let liveMedian = Self.median(UnsafeMutableBufferPointer(rebasing: buffer[0..<live]))
            let validStart = live
            var valid = 0
            var tradingFresh = false
            var changesAt = Timestamp(milliseconds: .max)
            for feed in members {
                guard feeds[feed].isLive(at: now, staleAfter: maxAge), let price = feeds[feed].price, let liveMedian
                else {
                    feeds[feed].isDivergent = false
                    continue
                }
                let time = feeds[feed].time
                changesAt = Swift.min(changesAt, time.advanced(by: maxAge))
                let divergent = isDivergent(price, from: liveMedian)
                if divergent && !feeds[feed].isDivergent {
                    signals.append(divergenceSignal(feed: feed, price: price, median: liveMedian, liveFeeds: live))
                }
                feeds[feed].isDivergent = divergent
                guard !divergent else { continue }
                buffer.initializeElement(at: validStart + valid, to: price)
                valid += 1
                let tradingLimit = time.advanced(by: terms[feed].heartbeat)
                if now <= tradingLimit {
                    tradingFresh = true
                    changesAt = Swift.min(changesAt, tradingLimit)
                }
            }
            let price = Self.median(UnsafeMutableBufferPointer(rebasing: buffer[validStart..<(validStart + valid)]))
            settle(asset, price: price, tradingFresh: tradingFresh, movingTWAP: movingTWAP, at: now)
            assets[asset].changesAt = changesAt
        }
        updateNextChange()
        let after = assets[asset].validity
        if after == .tooVolatile && before != .tooVolatile {
            signals.append(volatilitySignal(asset))
        } else if after == .noValidFeed && before != .noValidFeed {
            signals.append(unavailableSignal(asset, at: now))
        }
    }

    /// Sets the asset's price and validity, then folds the price into the reference if an update brought it.
    private mutating func settle(_ asset: Int, price: Wad?, tradingFresh: Bool, movingTWAP: Bool, at now: Timestamp) {
        assets[asset].price = price
        guard let price else {
            assets[asset].validity = .noValidFeed
            return
        }
        guard let twap = assets[asset].twap else {
            assets[asset].twap = price
            assets[asset].twapTime = now
            assets[asset].validity = tradingFresh ? .valid : .staleForTrading
            return
        }
        assets[asset].validity = isTooVolatile(price, against: twap) ? .tooVolatile : tradingFresh ? .valid : .staleForTrading
        if movingTWAP {
            assets[asset].twap = movedTWAP(twap, toward: price, since: assets[asset].twapTime, at: now)
            assets[asset].twapTime = now
        }
    }

    /// `|price − median| > maxDivergence × median`: exactly the limit passes.
    func isDivergent(_ price: Wad, from median: Wad) -> Bool {
        let distance = price < median ? Wad(raw: median.raw - price.raw) : Wad(raw: price.raw - median.raw)
        guard let limit = try? median.multiplied(by: settings.maxDivergence, rounding: .down) else { return false }
        return distance > limit
    }

    /// `max(price, twap) / min(price, twap) > maxTWAPRatio`: exactly the ratio passes.
    func isTooVolatile(_ price: Wad, against twap: Wad) -> Bool {
        let (low, high) = price < twap ? (price, twap) : (twap, price)
        guard let limit = try? low.multiplied(by: settings.maxTWAPRatio, rounding: .down) else { return false }
        return high > limit
    }

    /// One step of the reference: the price clamped to `twap × (1 ± twapMaxStep)`, averaged in with the weight
    /// `1 − 2^(−Δt / half-life)`.
    private func movedTWAP(_ twap: Wad, toward price: Wad, since last: Timestamp, at now: Timestamp) -> Wad {
        let elapsed = Double(Swift.max(0, now.milliseconds(since: last)))
        let weight = 1 - DeterministicMath.exp2(-elapsed / Double(settings.twapHalfLifeMilliseconds))
        guard let step = try? twap.multiplied(by: settings.twapMaxStep, rounding: .down),
            let low = try? twap.subtracting(step), let high = try? twap.adding(step),
            let move = try? Wad.min(Wad.max(price, low), high).subtracting(twap)
                .multiplied(by: Wad(raw: Int128(weight * 1e18)), rounding: .down),
            let moved = try? twap.adding(move)
        else { return twap }
        return moved
    }

    private func divergenceSignal(feed: Int, price: Wad, median: Wad, liveFeeds: Int) -> Signal {
        var evidence =
            "feed \(terms[feed].name) at \(price) is more than \(settings.maxDivergence) away from the median \(median) "
            + "of \(assetNames[terms[feed].asset])'s \(liveFeeds) live feeds"
        if liveFeeds == 2 { evidence += "; with two live feeds neither can be outvoted, so both are left out" }
        // Outvoted, the feed costs nothing: it informs. With two feeds the asset loses its price, which warns.
        return Signal(kind: .oracleDivergent, scope: .asset(AssetID(terms[feed].asset)), severity: .info, evidence: evidence)
    }

    private func volatilitySignal(_ asset: Int) -> Signal {
        let state = assets[asset]
        let evidence =
            "\(assetNames[asset]) median \(state.price.map(String.init(describing:)) ?? "none") is more than "
            + "\(settings.maxTWAPRatio)× from its reference \(state.twap.map(String.init(describing:)) ?? "none")"
        return Signal(kind: .oracleTooVolatile, scope: .asset(AssetID(asset)), severity: .critical, evidence: evidence)
    }

    private func unavailableSignal(_ asset: Int, at now: Timestamp) -> Signal {
        let statuses = feedsByAsset[asset].map { feed in
            let state = feeds[feed]
            let status =
                if let exclusion = state.exclusion { exclusion.description }
                else if state.price == nil { "no_update" }
                else if !state.isLive(at: now, staleAfter: settings.maxStalenessMilliseconds) { "stale_for_margin" }
                else if state.isDivergent { "divergent" }
                else { "live" }
            return "\(terms[feed].name) \(status)"
        }
        let evidence = "\(assetNames[asset]) has no valid feed: " + statuses.joined(separator: ", ")
        return Signal(kind: .oracleUnavailable, scope: .asset(AssetID(asset)), severity: .warning, evidence: evidence)
    }

    /// The median; with an even count, the mean of the two middle values rounded down. Sorts `values` in place.
    static func median(_ values: UnsafeMutableBufferPointer<Wad>) -> Wad? {
        var sorted = values
        guard !sorted.isEmpty else { return nil }
        sorted.sort()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let (low, high) = (sorted[middle - 1], sorted[middle])
        // low + (high - low) / 2 cannot overflow for ordered positive values.
        return Wad(raw: low.raw + (high.raw - low.raw) / 2)
    }
}
