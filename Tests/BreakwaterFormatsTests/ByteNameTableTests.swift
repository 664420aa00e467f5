import PropertyBased
import Testing

@testable import BreakwaterFormats

/// The byte-keyed name table answers like a dictionary, for names that share their first and last bytes, names of
/// every length around its 4-, 8- and 16-byte boundaries, and a table growing one name at a time.
@Suite struct ByteNameTableTests {
    @Test func answersLikeADictionary() async {
        let name = Gen.element(of: Array("ab-".utf8)).compactMap { $0 }.array(of: 0...24)
        await propertyCheck(count: 300, input: name.array(of: 0...60), name.array(of: 0...20)) { names, probes in
            var table = ByteNameTable()
            var dictionary: [[UInt8]: Int] = [:]
            for name in names where dictionary[name] == nil {
                dictionary[name] = dictionary.count
                table.insert(String(decoding: name, as: UTF8.self), id: dictionary.count - 1)
            }
            for probe in names + probes {
                #expect(probe.withUnsafeBufferPointer { table.id(of: $0) } == dictionary[probe], "\(probe)")
            }
            #expect(table.count == dictionary.count)
        }
    }

    /// Long names that differ only between their first and last eight bytes are told apart, and spread over the
    /// buckets: a table of thousands of them still answers at once.
    @Test func longNamesSharingTheirEndsStayApart() {
        var table = ByteNameTable()
        let names = (0..<5_000).map { "user-\(String($0 + 100_000))-of-the-pool@example.com" }
        for (id, name) in names.enumerated() { table.insert(name, id: id) }
        for (id, name) in names.enumerated() { #expect(table.id(of: name) == id) }
        #expect(table.id(of: "user-099999-of-the-pool@example.com") == nil)
        #expect(table.longestProbe < 64, "longest probe \(table.longestProbe)")
    }

    @Test func aRepeatedNameKeepsItsFirstPosition() {
        let table = ByteNameTable(["main", "alts", "main"])
        #expect(table.id(of: "main") == 0 && table.id(of: "alts") == 1 && table.id(of: "side") == nil)
    }
}

extension ByteNameTableTests {
    @Test func fixedNamesStillAnswerAfterTheLayoutSearch() {
        let keys = JSONLineScanner.Field.allCases.map(\.key)
        let table = ByteNameTable(keys)
        for (index, key) in keys.enumerated() { #expect(table.id(of: key) == index) }
        #expect(table.longestProbe == 0)
        #expect(table.id(of: "tss") == nil && table.id(of: "") == nil)
    }
}
