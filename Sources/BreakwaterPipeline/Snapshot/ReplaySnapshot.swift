import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import Foundation

/// A replay's whole state after a line of its stream: the engine, the accounts, the report so far and the journal
/// chain. A replay restored from it and fed the rest of the stream writes the same records and reaches the same head
/// and report as one that read the stream from the start.
public struct ReplaySnapshot: Codable, Sendable {
    /// The layout of the state: a snapshot of another layout is not used (its run is recomputed instead).
    public static let currentFormat = 1
    public var format = Self.currentFormat
    /// The stream lines consumed when it was taken, blank and bad ones included.
    public var line: Int
    /// The journal records then.
    public var records: Int
    /// The journal's head then.
    public var head: [UInt8]
    var engine: Engine.Snapshot
    var accounts: [String]
    /// The time of the last line decoded: the next line must not be earlier.
    var lastLineTimestamp: Int64?
    /// The last block marker's number: the next must follow it. Absent in snapshots taken before chain sources.
    var lastLineBlock: Int64?
    var boundAccounts: Int
    var linesRead: Int
    var accepted: Int
    var rejectedCount: Int
    var signalCount: Int
    var errors: [ReplayReport.ErrorEntry]
    var rejections: [ReplayReport.RejectionEntry]
    var actions: [ReplayReport.ActionEntry]
    var lineOfSequence: [Int: Int]
    /// Absent in snapshots taken before chain sources.
    var placeOfSequence: [Int: ReplayReport.ChainPlace]?
    var flows: FlowTally

    /// The snapshot as stored: JSON with sorted keys, which round-trips every value exactly (amounts as decimal
    /// strings). Dictionaries with keys other than strings are arrays in their own order, so equal states may give
    /// different bytes; what a restored state decides is what counts (tested).
    ///
    /// - Throws: ``JournalError`` if a value cannot be encoded.
    public func encoded() throws(JournalError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        do {
            return [UInt8](try encoder.encode(self))
        } catch {
            throw JournalError(.storage, "the run's state does not encode as a snapshot: \(error)")
        }
    }

}

extension ReplaySnapshot {
    /// A stored snapshot.
    ///
    /// - Throws: ``JournalError`` (`malformedRecord`) if the bytes are not a snapshot this build wrote.
    public init(encoded bytes: [UInt8]) throws(JournalError) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        do {
            self = try decoder.decode(ReplaySnapshot.self, from: Data(bytes))
        } catch {
            throw JournalError(.malformedRecord, "the snapshot does not decode: \(error)")
        }
        guard format == Self.currentFormat else {
            throw JournalError(
                .unsupportedVersion,
                "the snapshot's state is in format \(format); this build's is \(Self.currentFormat)"
            )
        }
    }
}

extension Replay {
    /// The replay's state after `line` lines of its stream; take it between lines, once its records are stored.
    public func snapshot(line: Int) -> ReplaySnapshot {
        ReplaySnapshot(
            line: line,
            records: journal.count,
            head: journal.chain.head,
            engine: engine.snapshot,
            accounts: decoder.accounts.names,
            lastLineTimestamp: decoder.lastTimestamp,
            lastLineBlock: decoder.lastBlock,
            boundAccounts: journal.boundAccounts,
            linesRead: linesRead,
            accepted: accepted,
            rejectedCount: rejectedCount,
            signalCount: signalCount,
            errors: errors,
            rejections: rejections,
            actions: actions,
            lineOfSequence: lineOfSequence,
            placeOfSequence: placeOfSequence,
            flows: flows
        )
    }

    /// Puts the replay, which has not been fed yet, in the state `snapshot` was taken in; it goes on from there. The
    /// snapshot must come from a run with the same config and engine configuration (a journal's header pins them).
    public mutating func restore(_ snapshot: ReplaySnapshot) {
        precondition(linesRead == 0 && journal.count == 1, "a replay is restored before it is fed")
        let config = engine.config
        engine = Engine(
            config: config,
            configuration: engine.configuration,
            verifier: engine.verifier,
            restoring: snapshot.engine
        )
        journal.restore(HashChain(count: snapshot.records, head: snapshot.head), accountsBound: snapshot.boundAccounts)
        var accounts = AccountDirectory()
        for name in snapshot.accounts { _ = accounts.intern(name) }
        decoder.adopt(accounts)
        decoder.lastTimestamp = snapshot.lastLineTimestamp
        decoder.lastBlock = snapshot.lastLineBlock
        linesRead = snapshot.linesRead
        accepted = snapshot.accepted
        rejectedCount = snapshot.rejectedCount
        signalCount = snapshot.signalCount
        errors = snapshot.errors
        rejections = snapshot.rejections
        actions = snapshot.actions
        lineOfSequence = snapshot.lineOfSequence
        placeOfSequence = snapshot.placeOfSequence ?? [:]
        flows = snapshot.flows
    }
}
