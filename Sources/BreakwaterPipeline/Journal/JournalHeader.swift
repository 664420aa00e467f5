public import BreakwaterEngine

/// The journal's first record: what a reader needs to read the rest and to run it again.
///
/// A run resumes a journal only if its header's bytes are the journal's: the same format, the same config text
/// and the same engine configuration.
public struct JournalHeader: Sendable, Hashable {
    /// The canonical encoding this build writes. Format 3 added the block hash to provenance, the `block` kind and
    /// observer mode to the header; format 4, a feed to the scopes of decisions and incident steps (its events are
    /// format 3's).
    public static let currentFormatVersion: UInt16 = 4
    /// The formats this build reads: older formats verify, export and replay, but a run does not resume them.
    public static let readableFormatVersions: ClosedRange<UInt16> = 2...currentFormatVersion

    public var formatVersion: UInt16
    /// The engine's invariant checking and observer mode, which decide what the decisions say.
    public var engineConfiguration: Engine.Configuration
    /// The YAML text of the protocol config the run was given; empty for a config built in code.
    public var configYAML: String

    public init(
        configYAML: String,
        engineConfiguration: Engine.Configuration = .init(),
        formatVersion: UInt16 = Self.currentFormatVersion
    ) {
        self.formatVersion = formatVersion
        self.engineConfiguration = engineConfiguration
        self.configYAML = configYAML
    }

    /// The header's canonical bytes.
    public var canonicalBytes: [UInt8] { CanonicalWriter.bytes { $0.write(self) } }

    /// Reads a header record.
    ///
    /// - Throws: ``JournalError`` if the bytes are not a header, or one of a format version this build does not
    ///   read.
    public init(canonical bytes: [UInt8]) throws(JournalError) {
        self = try RecordReader.reading(bytes) { reader throws(JournalError) in try Self(reading: &reader) }
    }

    private init(reading reader: inout RecordReader) throws(JournalError) {
        guard try reader.read(UInt8.self) == JournalRecord.Kind.header.tag else {
            throw JournalError(.malformedRecord, "the first record is not a journal header")
        }
        formatVersion = try reader.read(UInt16.self)
        guard Self.readableFormatVersions.contains(formatVersion) else {
            let readable = Self.readableFormatVersions
            throw JournalError(
                .unsupportedVersion,
                "the journal's records are in format \(formatVersion); "
                    + "this build reads formats \(readable.lowerBound) to \(readable.upperBound)"
            )
        }
        let checksInvariants = try reader.readBool()
        let auditInterval = try reader.read(Int64.self)
        guard let interval = Int(exactly: auditInterval), interval >= 0 else {
            throw JournalError(.malformedRecord, "the header's audit interval \(auditInterval) is not valid")
        }
        // Format 2 had no observer mode: its engines applied every stream with their gate.
        let observes = formatVersion >= 3 ? try reader.readBool() : false
        engineConfiguration = Engine.Configuration(
            checksInvariants: checksInvariants,
            auditInterval: interval,
            observes: observes
        )
        configYAML = try reader.readString()
        try reader.expectEnd(of: "header")
    }
}

extension RecordWriter {
    mutating func write(_ header: JournalHeader) {
        write(JournalRecord.Kind.header.tag)
        write(header.formatVersion)
        write(header.engineConfiguration.checksInvariants)
        write(Int64(header.engineConfiguration.auditInterval))
        if header.formatVersion >= 3 { write(header.engineConfiguration.observes) }
        write(header.configYAML)
    }
}
