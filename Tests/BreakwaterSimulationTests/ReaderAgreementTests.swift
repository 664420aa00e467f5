import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation
import PropertyBased
import Testing

/// Both readers give the same verdict (the same event, or the same line, field and message) on every line the
/// mutation generator writes; the release benchmark runs the same check over a million lines.
@Suite struct ReaderAgreementTests {
    /// The smallest line limit, so lines past it are cheap to write.
    static let config = {
        var config = DefaultProtocol.config()
        config.stream.maxLineBytes = 1024
        return config
    }()

    @Test func theReadersAgreeOnEveryMutatedLine() async {
        await propertyCheck(count: 40, input: Gen.int64(in: 0 ... .max)) { seed in
            var lines = LineMutator(config: Self.config, seed: UInt64(seed))
            var readers = ReaderComparison(config: Self.config)
            for number in 1...500 {
                // Fresh readers now and then: a mutated time within the jump bound puts the lines after it out
                // of order until the stream catches up.
                if number % 100 == 0 { readers = ReaderComparison(config: Self.config) }
                let disagreement = readers.compare(lines.next()!, number: number)
                #expect(disagreement == nil, "\(disagreement.map(String.init(describing:)) ?? "")")
                if disagreement != nil { return }
            }
        }
    }

    @Test func theMutatorWritesGoodAndBadLinesOfEveryFault() {
        var lines = LineMutator(config: Self.config, seed: 7)
        var decoder = EventDecoder(config: Self.config)
        decoder.maxTimeJump = Self.config.stream.maxTimeJumpMilliseconds
        var codes: Set<String> = []
        var decoded = 0
        for number in 1...5_000 {
            if number % 100 == 0 {
                decoder = EventDecoder(config: Self.config)
                decoder.maxTimeJump = Self.config.stream.maxTimeJumpMilliseconds
            }
            do {
                _ = try decoder.decode(lines.next()!, number: number)
                decoded += 1
            } catch {
                codes.insert(error.code.description)
            }
        }
        #expect(decoded > 1_000)
        for code in [
            "malformed JSON", "wrong type", "invalid value", "over limit", "unknown name", "out of order", "time jump",
        ] {
            #expect(codes.contains(code), "no line was \(code)")
        }
    }
}
