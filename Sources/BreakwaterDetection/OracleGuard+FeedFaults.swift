import BreakwaterCore

extension OracleGuard {
    /// Follows how long each heard feed of `asset` has been left out of its price (refused, divergent from the
    /// median, or silent past its heartbeat) and raises `feed_fault` once one has been out strictly longer than
    /// `policy.detectors.feed_fault.after_ms`, then `feed_restored` when it counts again. Called at the end of
    /// ``reprice(_:at:movingTWAP:signals:)``, once the feeds' divergence is settled.
    ///
    /// - Returns: the earliest instant after which a feed of the asset may turn faulty without an update.
    mutating func judgeFaults(of asset: Int, at now: Timestamp, signals: inout [Signal]) -> Timestamp {
        var earliest = Timestamp(milliseconds: .max)
        guard let after = tables.feedFaultAfter else { return earliest }
        for feed in tables.feedsByAsset[asset] where feeds[feed].isHeard {
            let state = feeds[feed]
            // A feed none of whose updates was ever accepted has no time to be silent from: it is out from when seen.
            let silentSince =
                state.price == nil && state.time.milliseconds == .min
                ? Timestamp(milliseconds: .max) : state.time.advanced(by: tables.heartbeats[feed])
            let isSilent = now > silentSince
            guard state.exclusion != nil || state.isDivergent || state.price == nil || isSilent else {
                if state.isFaulted, let since = state.leftOutSince {
                    signals.append(restoredSignal(feed: feed, leftOutFor: now.milliseconds(since: since)))
                }
                feeds[feed].leftOutSince = nil
                feeds[feed].isFaulted = false
                earliest = Swift.min(earliest, silentSince.advanced(by: after))
                continue
            }
            let since = state.leftOutSince ?? (isSilent ? Swift.min(now, silentSince) : now)
            feeds[feed].leftOutSince = since
            guard !state.isFaulted else { continue }
            if now.milliseconds(since: since) > after {
                feeds[feed].isFaulted = true
                signals.append(faultSignal(feed: feed, since: since, at: now))
            } else {
                earliest = Swift.min(earliest, since.advanced(by: after))
            }
        }
        return earliest
    }

    /// Why a feed is left out now, for a person.
    private func leftOutReason(of feed: Int, at now: Timestamp) -> String {
        let state = feeds[feed]
        if let exclusion = state.exclusion { return "refused (\(exclusion))" }
        if state.isDivergent { return "divergent from the median of its asset's feeds" }
        if state.price == nil { return "reset, with no update since" }
        return "silent: its last update is \(now.milliseconds(since: state.time)) ms old, "
            + "past its heartbeat of \(tables.heartbeats[feed]) ms"
    }

    private func faultSignal(feed: Int, since: Timestamp, at now: Timestamp) -> Signal {
        let asset = tables.terms[feed].asset
        let evidence =
            "feed \(tables.terms[feed].name) has been left out of \(tables.assetNames[asset])'s price for "
            + "\(now.milliseconds(since: since)) ms, more than \(tables.feedFaultAfter ?? 0) ms: "
            + leftOutReason(of: feed, at: now)
        return Signal(
            kind: .feedFault,
            scope: .feed(FeedID(feed), of: AssetID(asset)),
            severity: .warning,
            evidence: evidence
        )
    }

    private func restoredSignal(feed: Int, leftOutFor duration: Int64) -> Signal {
        let asset = tables.terms[feed].asset
        let evidence =
            "feed \(tables.terms[feed].name) counts in \(tables.assetNames[asset])'s price again after "
            + "\(duration) ms left out"
        return Signal(
            kind: .feedRestored,
            scope: .feed(FeedID(feed), of: AssetID(asset)),
            severity: .info,
            evidence: evidence
        )
    }
}
