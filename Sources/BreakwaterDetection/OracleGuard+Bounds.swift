public import BreakwaterCore

extension OracleGuard {
    /// A feed's answer bounds: an answer at or below `min`, or at or above `max`, is refused (a feed's circuit
    /// breaker reporting its bound instead of the price).
    public struct AnswerBounds: Sendable, Hashable {
        public var min: Wad?
        public var max: Wad?

        public init(min: Wad?, max: Wad?) {
            self.min = min
            self.max = max
        }

        /// Whether these bounds refuse at least what `other` refuses: no bound dropped, none widened.
        public func isAtLeastAsStrict(as other: AnswerBounds) -> Bool {
            func tighter(_ new: Wad?, _ old: Wad?, _ keeps: (Wad, Wad) -> Bool) -> Bool {
                guard let old else { return true }
                guard let new else { return false }
                return keeps(new, old)
            }
            return tighter(min, other.min, >=) && tighter(max, other.max, <=)
        }
    }

    /// The answer bounds of `feed` now.
    public func answerBounds(of feed: FeedID) -> AnswerBounds {
        let terms = tables.terms[Int(feed.index)]
        return AnswerBounds(min: terms.minAnswer, max: terms.maxAnswer)
    }

    /// Replaces the answer bounds of `feed`: from its next update on, answers are judged against them.
    public mutating func setAnswerBounds(_ bounds: AnswerBounds, of feed: FeedID) {
        var terms = tables.terms
        terms[Int(feed.index)].minAnswer = bounds.min
        terms[Int(feed.index)].maxAnswer = bounds.max
        tables = Tables(copying: tables, terms: terms)
    }
}
