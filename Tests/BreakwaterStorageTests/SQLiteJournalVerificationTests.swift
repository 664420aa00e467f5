import BreakwaterPipeline
import BreakwaterStorage
import BreakwaterTesting
import Foundation
import GRDB
import Testing

/// Verification of SQLite journals edited on disk.
@Suite struct SQLiteJournalVerificationTests {
    static let lines = JournalTestStreams.lines(300)

    /// The same on disk: a byte changed through SQL in any column of the SQLite file.
    @Test func sqliteJournalsNameTheAlteredRecord() async throws {
        let records = try await JournalTestStreams.journal(of: Self.lines)
        let path = JournalTestStreams.temporaryPath()
        try await SQLiteJournalStore(path: path).append(records)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let copy = JournalTestStreams.temporaryPath()
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let sequence = Int.random(in: 1...records.count, using: &generator)
            let database = try DatabaseQueue(path: copy)
            try await database.write { db in
                switch round % 4 {
                case 0:
                    var bytes = records[sequence - 1].bytes
                    bytes[Int.random(in: 0..<bytes.count)] ^= 0x80
                    try db.execute(
                        sql: "UPDATE journal_record SET bytes = ? WHERE sequence = ?",
                        arguments: [Data(bytes), sequence]
                    )
                case 1:
                    var hash = records[sequence - 1].hash
                    hash[Int.random(in: 0..<32)] ^= 0x01
                    try db.execute(
                        sql: "UPDATE journal_record SET hash = ? WHERE sequence = ?",
                        arguments: [Data(hash), sequence]
                    )
                case 2:
                    try db.execute(
                        sql: "UPDATE journal_record SET timestamp = timestamp + 1 WHERE sequence = ?",
                        arguments: [sequence]
                    )
                default:
                    try db.execute(
                        sql: "UPDATE journal_record SET bytes = 'text' WHERE sequence = ?",
                        arguments: [sequence]
                    )
                }
            }
            try database.close()
            let result = try await JournalVerification.check(SQLiteJournalStore(path: copy), pageSize: 64)
            #expect(result.failure?.sequence == sequence, "round \(round): record \(sequence)")
            #expect(result.verified == sequence - 1)
        }
    }

    @Test func aRecordStoredBelowTheFirstIsFound() async throws {
        let records = try await JournalTestStreams.journal(of: JournalTestStreams.lines(20))
        let path = JournalTestStreams.temporaryPath()
        try await SQLiteJournalStore(path: path).append(records)
        try await DatabaseQueue(path: path).write { db in
            try db.execute(
                sql:
                    "INSERT INTO journal_record SELECT 0, timestamp, kind, bytes, hash FROM journal_record WHERE sequence = 1"
            )
        }
        let result = try await JournalVerification.check(SQLiteJournalStore(path: path))
        #expect(result.failure?.description == "record 1: a record numbered 0 is stored before it")
    }
}
