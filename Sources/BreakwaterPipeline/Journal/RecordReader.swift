/// Reads one record's canonical bytes back: little-endian fixed-width values, one after another, as
/// ``RecordWriter`` wrote them.
///
/// Every read checks what is left, so a truncated or altered record is a ``JournalError``, never a crash.
struct RecordReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    /// A reader of bytes lent for as long as it is used.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Calls `body` with a reader of `bytes`.
    static func reading<R>(
        _ bytes: [UInt8],
        _ body: (inout RecordReader) throws(JournalError) -> R
    ) throws(JournalError) -> R {
        let result: Result<R, JournalError> = bytes.withUnsafeBytes { buffer in
            var reader = RecordReader(buffer)
            return Result { () throws(JournalError) -> R in try body(&reader) }
        }
        return try result.get()
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(JournalError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - offset >= size else { throw Self.endedEarly() }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readBool() throws(JournalError) -> Bool {
        switch try read(UInt8.self) {
        case 0: false
        case 1: true
        case let other: throw JournalError(.malformedRecord, "a flag byte is \(other), not 0 or 1")
        }
    }

    mutating func readString() throws(JournalError) -> String {
        let length = Int(try read(UInt32.self))
        guard bytes.count - offset >= length else { throw Self.endedEarly() }
        let slice = bytes[offset..<offset + length]
        offset += length
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw JournalError(.malformedRecord, "a string is not valid UTF-8")
        }
        return text
    }

    /// Bytes written length-prefixed like a string.
    mutating func readBytes() throws(JournalError) -> [UInt8] {
        let length = Int(try read(UInt32.self))
        guard bytes.count - offset >= length else { throw Self.endedEarly() }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    /// An optional value: a presence byte, then the value if present.
    mutating func readOptional<T>(_ body: (inout RecordReader) throws(JournalError) -> T) throws(JournalError) -> T? {
        try readBool() ? try body(&self) : nil
    }

    /// Checks that nothing follows the record's last field.
    func expectEnd(of what: String) throws(JournalError) {
        guard isAtEnd else {
            throw JournalError(.malformedRecord, "\(bytes.count - offset) bytes follow the end of the \(what)")
        }
    }

    private static func endedEarly() -> JournalError {
        JournalError(.malformedRecord, "the record ends before its last field")
    }
}
