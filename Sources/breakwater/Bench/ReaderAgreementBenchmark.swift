import BreakwaterCore
import BreakwaterFormats
import BreakwaterSimulation

/// Part 5 of `bench`: the fast reader and the reference reader over lines the mutation generator writes, counting
/// the lines they disagree on (the target is none) and what the lines were.
struct ReaderAgreementBenchmark {
    struct Result: Encodable {
        var lines: Int
        var disagreements: Int
        /// The first disagreement, to reproduce it.
        var firstDisagreement: String?
        /// Lines that decoded, and bad lines by the code of their error.
        var decoded: Int
        var badLines: [String: Int]
        var seconds: Double
        var linesPerSecond: Double
    }

    /// The protocol, with its line limit lowered to the smallest allowed so that lines past it cost little.
    let config: ProtocolConfig
    let lines: Int
    let seed: UInt64
    let progress: (String) -> Void

    init(config: ProtocolConfig, lines: Int, seed: UInt64, progress: @escaping (String) -> Void) {
        var config = config
        config.stream.maxLineBytes = 1024
        self.config = config
        self.lines = lines
        self.seed = seed
        self.progress = progress
    }

    func run() -> Result {
        progress("readers: \(lines) mutated lines through both")
        var generator = LineMutator(config: config, seed: seed)
        var readers = ReaderComparison(config: config)
        var result = Result(lines: lines, disagreements: 0, decoded: 0, badLines: [:], seconds: 0, linesPerSecond: 0)
        let start = ContinuousClock.now
        for number in 1...lines {
            // Fresh readers every 100 lines: a mutated time within the jump bound puts the lines after it out of
            // order until the stream catches up, and they would test little else.
            if number % 100 == 0 { readers = ReaderComparison(config: config) }
            let line = generator.next()!
            if let disagreement = readers.compare(line, number: number) {
                result.disagreements += 1
                if result.firstDisagreement == nil { result.firstDisagreement = "\(disagreement)" }
            }
            if case .failure(let error)? = readers.verdict {
                result.badLines[error.code.description, default: 0] += 1
            } else {
                result.decoded += 1
            }
            if number % 200_000 == 0 { progress("readers: \(number) lines") }
        }
        result.seconds = (ContinuousClock.now - start) / .seconds(1)
        result.linesPerSecond = Double(lines) / result.seconds
        return result
    }
}
