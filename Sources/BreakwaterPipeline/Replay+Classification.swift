import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats

extension Replay {
    /// How a move read, as the report shows an incident's classification.
    func entry(_ reading: MoveReading) -> ReplayReport.ClassificationEntry {
        let config = engine.config
        let name = config.asset(reading.asset).name
        let feeds = { (ids: [FeedID]) in ids.map { config.feed($0).name } }
        let actors = reading.actors.map(decoder.accounts.name(of:))
        var assetsMoved: [String: Double] = [:]
        for other in reading.coMovers { assetsMoved[config.asset(other.asset).name] = Self.rounded(other.move) }
        var summary =
            "\(name) \(Self.percent(reading.move)) from its reference, \(Self.percent(reading.longMove)) over hours,"
        summary +=
            reading.coMovers.isEmpty
            ? " alone"
            : " with "
                + reading.coMovers.map {
                    "\(config.asset($0.asset).name) \(Self.percent($0.move))\($0.isOverHours ? " over hours" : "")"
                }
                .joined(separator: ", ")
        summary +=
            reading.continuesHistory
            ? ", continuing its history (\(Self.percent(reading.trend)) over days)"
            : ", breaking from its history (\(Self.percent(reading.trend)) over days)"
        summary +=
            reading.leftOutFeeds.isEmpty
            ? "; its \(reading.agreeingFeeds.count) feeds agree"
            : "; left out: " + feeds(reading.leftOutFeeds).joined(separator: ", ")
        summary += actors.isEmpty ? "; no actor named" : "; actors: " + actors.joined(separator: ", ")
        return ReplayReport.ClassificationEntry(
            reads: reading.isStress
                ? Incident.Vector.marketStress.rawValue : Incident.Vector.oracleManipulation.rawValue,
            asset: name,
            move: Self.rounded(reading.move),
            longMove: Self.rounded(reading.longMove),
            trend: Self.rounded(reading.trend),
            feedsAgreed: feeds(reading.agreeingFeeds),
            feedsLeftOut: feeds(reading.leftOutFeeds),
            assetsMoved: assetsMoved,
            actors: actors,
            summary: summary
        )
    }

    /// A ratio to 4 decimals.
    private static func rounded(_ ratio: Double) -> Double { (ratio * 10_000).rounded() / 10_000 }

    /// `+12.3 %`, `-4.0 %`.
    private static func percent(_ ratio: Double) -> String {
        let tenths = Int((ratio * 1_000).rounded())
        let sign = tenths < 0 ? "-" : "+"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10) %"
    }
}
