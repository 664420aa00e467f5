import BreakwaterCore
import Testing

@testable import BreakwaterEngine

/// The reading of a price move: market stress only when most feeds agree, no actor is named, and the move is broad
/// or continues the asset's history; each rule at its boundary.
@Suite struct MoveReadingTests {
    func reading(
        move: Double = -0.2,
        longMove: Double = -0.2,
        trend: Double = 0,
        agreeing: Int = 3,
        leftOut: Int = 0,
        coMovers: Int = 0,
        actors: Int = 0
    ) -> MoveReading {
        MoveReading(
            asset: AssetID(1),
            move: move,
            longMove: longMove,
            trend: trend,
            agreeingFeeds: (0..<agreeing).map(FeedID.init),
            leftOutFeeds: (agreeing..<(agreeing + leftOut)).map(FeedID.init),
            coMovers: (0..<coMovers).map {
                MoveReading.AssetMove(asset: AssetID(2 + $0), move: -0.1, isOverHours: false)
            },
            actors: (0..<actors).map(AccountID.init)
        )
    }

    @Test func aBroadMoveWithAgreeingFeedsAndNoActorIsStress() {
        #expect(reading(coMovers: 1).isStress)
        #expect(!reading(coMovers: 0).isStress, "alone, from a calm history: manipulation")
        #expect(!reading(coMovers: 1, actors: 1).isStress, "an actor in the signal")
        #expect(reading(agreeing: 2, leftOut: 1, coMovers: 1).isStress, "one lagging feed of three")
        #expect(!reading(agreeing: 1, leftOut: 1, coMovers: 1).isStress, "not a majority of the feeds")
        #expect(!reading(move: 0, coMovers: 1).isStress)
    }

    @Test func theAssetsHistoryCountsFromFivePercentItsWayOrTwentyEither() {
        #expect(reading(trend: -0.05).continuesHistory && reading(trend: -0.05).isStress)
        #expect(!reading(trend: -0.0499).continuesHistory)
        #expect(!reading(trend: 0.19).continuesHistory, "a trend the other way, short of turmoil")
        #expect(reading(trend: 0.2).continuesHistory, "turmoil: any move continues it")
    }

    @Test func anotherAssetCoMovesFromAQuarterOfTheMoveOrOfTheHours() {
        let fall = reading(move: -0.2, longMove: -0.4)
        #expect(fall.isCoMove(short: -0.05, long: 0) && !fall.isCoMove(short: -0.0499, long: 0))
        #expect(!fall.isCoMove(short: 0.3, long: 0.3), "the other way")
        #expect(fall.isCoMove(short: 0, long: -0.1) && !fall.isCoMove(short: 0, long: -0.0999))
        let small = reading(move: -0.04, longMove: -0.04)
        #expect(small.isCoMove(short: -0.02, long: 0) && !small.isCoMove(short: -0.0199, long: 0), "at least 2 %")
        #expect(small.isCoMove(short: 0, long: -0.05) && !small.isCoMove(short: 0, long: -0.0499), "at least 5 %")
    }

    @Test func theReadingNamesTheIncidentAndItsSeverity() {
        let tracker = IncidentTrackerTests()
        var incidents = IncidentTracker(config: tracker.config())
        let breach = tracker.signal(.priceBandBreach, .pool(PoolID(0)))
        let stress = incidents.record(breach, reading: reading(coMovers: 1), at: tracker.at(0), sequence: 1)
        #expect(stress?.vector == .marketStress && incidents.incidents[0].severity == .info)
        #expect(incidents.incidents[0].reading == reading(coMovers: 1))
        // A price signal that reads as manipulation, then an actor's signal: each ranks above stress.
        incidents.record(breach, reading: reading(), at: tracker.at(1), sequence: 2)
        #expect(incidents.incidents[0].vector == .oracleManipulation && incidents.incidents[0].severity == .critical)
        #expect(incidents.incidents[0].reading == reading(), "the reading that classified it")
        var other = IncidentTracker(config: tracker.config())
        other.record(breach, reading: reading(coMovers: 1), at: tracker.at(0), sequence: 1)
        let profit = tracker.signal(.concentratedProfit, Scope(pool: PoolID(0), account: AccountID(4)))
        #expect(other.record(profit, at: tracker.at(1), sequence: 2)?.vector == .liquidityDrain)
        // A cascade does not outrank stress.
        other = IncidentTracker(config: tracker.config())
        other.record(tracker.signal(.liquidationCascade, .pool(PoolID(0))), at: tracker.at(0), sequence: 1)
        #expect(
            other.record(breach, reading: reading(coMovers: 1), at: tracker.at(1), sequence: 2)?.kind == .reclassified
        )
        #expect(other.incidents[0].vector == .marketStress)
    }
}
