import BreakwaterCore
import BreakwaterEngine
import BreakwaterKeys
import BreakwaterSimulation

/// Times the engine alone on parsed events: events are drawn in batches outside the timed loops.
///
/// Two engines see every batch: one runs untimed for throughput, the other reads the clock around each event
/// for the latency percentiles, so neither figure carries the other's overhead.
struct EngineBenchmark {
    struct Result {
        var events: Int
        var seconds: Double
        var histogram: LatencyHistogram
        var residentAtCheckpoints: [(events: Int, bytes: UInt64)]
        var incidents: Int
        var rejected: Int
    }

    let config: ProtocolConfig
    let events: Int
    let seed: UInt64
    let checkpoints: Set<Int>
    let progress: (String) -> Void

    func run() -> Result {
        var stream = MixedStream(config: config, seed: seed)
        var engine = Engine(config: config, verifier: Ed25519Verifier())
        var timedEngine = Engine(config: config, verifier: Ed25519Verifier())
        var histogram = LatencyHistogram()
        var resident: [(events: Int, bytes: UInt64)] = []
        var batch: [Event] = []
        batch.reserveCapacity(1 << 16)
        var done = 0
        var rejected = 0
        var timedNanoseconds: UInt64 = 0
        while done < events {
            batch.removeAll(keepingCapacity: true)
            while batch.count < min(1 << 16, events - done), let event = stream.next() { batch.append(event) }
            let batchStart = ProcessGauges.nanoseconds()
            for event in batch where !engine.apply(event).isAccepted { rejected += 1 }
            timedNanoseconds += ProcessGauges.nanoseconds() - batchStart
            var before = ProcessGauges.nanoseconds()
            for event in batch {
                _ = timedEngine.apply(event)
                let after = ProcessGauges.nanoseconds()
                histogram.record(nanoseconds: after - before)
                before = after
            }
            let previous = done
            done += batch.count
            if let mark = checkpoints.first(where: { previous < $0 && $0 <= done }) {
                resident.append((mark, ProcessGauges.residentBytes()))
            }
            if done / 1_000_000 != previous / 1_000_000 { progress("engine: \(done / 1_000_000) M events") }
        }
        return Result(
            events: done,
            seconds: Double(timedNanoseconds) / 1e9,
            histogram: histogram,
            residentAtCheckpoints: resident,
            incidents: engine.incidents.count,
            rejected: rejected
        )
    }
}
