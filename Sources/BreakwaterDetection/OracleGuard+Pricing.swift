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
        guard tables.fixedPrices[asset] == nil else { return }
        let members = tables.feedsByAsset[asset]
        let maxAge = tables.settings.maxStalenessMilliseconds
        let before = assets[asset].validity
        let heartbeats = tables.heartbeats
        withUnsafeTemporaryAllocation(of: LivePrice.self, capacity: members.count) { buffer in
            var live = 0
            for feed in members {
                let state = feeds[feed]
                if state.isLive(at: now, staleAfter: maxAge), let price = state.price {
                    buffer.initializeElement(at: live, to: LivePrice(price: price, feed: feed, time: state.time))
                    live += 1
                } else if state.isDivergent {
                    feeds[feed].isDivergent = false
                }
            }
            let sorted = UnsafeMutableBufferPointer(rebasing: buffer[0..<live])
            Self.insertionSort(sorted)
            // The feeds that diverge are the lowest and the highest: the valid ones are a range of the sorted prices.
            var valid = 0..<live
            let median = Self.median(of: sorted, in: valid)
            if let median {
                while valid.lowerBound < valid.upperBound, isDivergent(sorted[valid.lowerBound].price, from: median) {
                    valid = (valid.lowerBound + 1)..<valid.upperBound
                }
                while valid.lowerBound < valid.upperBound, isDivergent(sorted[valid.upperBound - 1].price, from: median)
                {
                    valid = valid.lowerBound..<(valid.upperBound - 1)
                }
            }
            var tradingFresh = false
            var changesAt = Timestamp(milliseconds: .max)
            for position in 0..<live {
                let entry = sorted[position]
                let divergent = !valid.contains(position)
                if divergent != feeds[entry.feed].isDivergent {
                    if divergent, let median {
                        signals.append(
                            divergenceSignal(feed: entry.feed, price: entry.price, median: median, liveFeeds: live)
                        )
                    }
                    feeds[entry.feed].isDivergent = divergent
                }
                changesAt = Swift.min(changesAt, entry.time.advanced(by: maxAge))
                guard !divergent else { continue }
                let tradingLimit = entry.time.advanced(by: heartbeats[entry.feed])
                if now <= tradingLimit {
                    tradingFresh = true
                    changesAt = Swift.min(changesAt, tradingLimit)
                }
            }
            settle(
                asset,
                price: Self.median(of: sorted, in: valid),
                tradingFresh: tradingFresh,
                movingTWAP: movingTWAP,
                at: now
            )
            assets[asset].changesAt = Swift.min(changesAt, judgeFaults(of: asset, at: now, signals: &signals))
        }
        updateNextChange()
        let after = assets[asset].validity
        if after == .tooVolatile && before != .tooVolatile {
            signals.append(volatilitySignal(asset))
        } else if after == .noValidFeed && before != .noValidFeed {
            signals.append(unavailableSignal(asset, at: now))
        }
    }

    /// A live feed's price, sorted among the asset's others.
    struct LivePrice {
        var price: Wad
        var feed: Int
        var time: Timestamp
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
        assets[asset].validity =
            isTooVolatile(price, against: twap) ? .tooVolatile : tradingFresh ? .valid : .staleForTrading
        if movingTWAP {
            let weight = assets[asset].twapWeight.weight(after: now.milliseconds(since: assets[asset].twapTime))
            assets[asset].twap = Self.movedTWAP(twap, toward: price, weight: weight, maxStep: tables.twapMaxStep)
            assets[asset].twapTime = now
        }
    }

    /// `|price − median| > maxDivergence × median`: exactly the limit passes.
    func isDivergent(_ price: Wad, from median: Wad) -> Bool {
        let distance = price < median ? Wad(raw: median.raw - price.raw) : Wad(raw: price.raw - median.raw)
        if tables.bounds.divergence.surelyWithin(distance, of: median) { return false }
        guard let limit = try? median.multiplied(by: tables.settings.maxDivergence, rounding: .down) else {
            return false
        }
        return distance > limit
    }

    /// `max(price, twap) / min(price, twap) > maxTWAPRatio`: exactly the ratio passes.
    func isTooVolatile(_ price: Wad, against twap: Wad) -> Bool {
        let (low, high) = price < twap ? (price, twap) : (twap, price)
        if tables.bounds.volatility.surelyWithin(Wad(raw: high.raw - low.raw), of: low) { return false }
        guard let limit = try? low.multiplied(by: tables.settings.maxTWAPRatio, rounding: .down) else { return false }
        return high > limit
    }

    /// One step of the reference: the price clamped to `twap × (1 ± maxStep)`, averaged in with `weight`
    /// (`1 − 2^(−Δt / half-life)`). A statistic, computed in `Double` (deterministically: no libm) and rounded back.
    private static func movedTWAP(_ twap: Wad, toward price: Wad, weight: Double, maxStep: Double) -> Wad {
        guard weight > 0 else { return twap }
        let step = DeterministicMath.double(twap.raw) * maxStep
        let gap = DeterministicMath.double(price.raw - twap.raw)
        guard let move = DeterministicMath.int128(Swift.min(Swift.max(gap, -step), step) * weight) else { return twap }
        let (moved, overflow) = twap.raw.addingReportingOverflow(move)
        return overflow ? twap : Wad(raw: moved)
    }

    private func divergenceSignal(feed: Int, price: Wad, median: Wad, liveFeeds: Int) -> Signal {
        var evidence =
            "feed \(tables.terms[feed].name) at \(price) is more than \(tables.settings.maxDivergence) away from the median \(median) "
            + "of \(tables.assetNames[tables.terms[feed].asset])'s \(liveFeeds) live feeds"
        if liveFeeds == 2 { evidence += "; with two live feeds neither can be outvoted, so both are left out" }
        // Outvoted, the feed costs nothing: it informs. With two feeds the asset loses its price, which warns.
        return Signal(
            kind: .oracleDivergent,
            scope: .asset(AssetID(tables.terms[feed].asset)),
            severity: .info,
            evidence: evidence
        )
    }

    private func volatilitySignal(_ asset: Int) -> Signal {
        let state = assets[asset]
        let evidence =
            "\(tables.assetNames[asset]) median \(state.price.map(String.init(describing:)) ?? "none") is more than "
            + "\(tables.settings.maxTWAPRatio)× from its reference \(state.twap.map(String.init(describing:)) ?? "none")"
        return Signal(kind: .oracleTooVolatile, scope: .asset(AssetID(asset)), severity: .critical, evidence: evidence)
    }

    private func unavailableSignal(_ asset: Int, at now: Timestamp) -> Signal {
        let statuses = tables.feedsByAsset[asset].map { feed in
            let state = feeds[feed]
            let status =
                if let exclusion = state.exclusion { exclusion.description } else if state.price == nil {
                    "no_update"
                } else if !state.isLive(at: now, staleAfter: tables.settings.maxStalenessMilliseconds) {
                    "stale_for_margin"
                } else if state.isDivergent { "divergent" } else { "live" }
            return "\(tables.terms[feed].name) \(status)"
        }
        let evidence = "\(tables.assetNames[asset]) has no valid feed: " + statuses.joined(separator: ", ")
        return Signal(kind: .oracleUnavailable, scope: .asset(AssetID(asset)), severity: .warning, evidence: evidence)
    }

    /// The median of `values[range]`, sorted; with an even count, the mean of the two middle values rounded down.
    static func median(of values: UnsafeMutableBufferPointer<LivePrice>, in range: Range<Int>) -> Wad? {
        guard !range.isEmpty else { return nil }
        let middle = range.lowerBound + range.count / 2
        if range.count % 2 == 1 { return values[middle].price }
        let (low, high) = (values[middle - 1].price, values[middle].price)
        // low + (high - low) / 2 cannot overflow for ordered positive values.
        return Wad(raw: low.raw + (high.raw - low.raw) / 2)
    }

    /// Sorts a handful of prices in place, lowest first.
    static func insertionSort(_ values: UnsafeMutableBufferPointer<LivePrice>) {
        guard values.count > 1 else { return }
        for index in 1..<values.count {
            let entry = values[index]
            var slot = index
            while slot > 0 && values[slot - 1].price > entry.price {
                values[slot] = values[slot - 1]
                slot -= 1
            }
            values[slot] = entry
        }
    }
}
