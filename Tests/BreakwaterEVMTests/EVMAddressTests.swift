import BreakwaterEVM
import Testing

/// Addresses read in any case, are written lower case, and a mixed-case address must carry its EIP-55 checksum.
@Suite struct EVMAddressTests {
    // The checksummed examples of EIP-55.
    static let checksummed = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]

    @Test func checksummedAddressesReadAndSpellBack() throws {
        for text in Self.checksummed {
            let address = try EVMAddress(parsing: text)
            #expect(address.checksummed == text)
            #expect(address.description == text.lowercased())
            #expect(try EVMAddress(parsing: text.lowercased()) == address)
            #expect(try EVMAddress(parsing: "0x" + text.dropFirst(2).uppercased()) == address)
        }
    }

    @Test func aTypoInAChecksummedAddressIsCaught() {
        // The first example with one letter's case flipped.
        let refused = [
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
        ]
        for text in refused {
            let error = #expect(throws: ABIError.self, "\(text)") { try EVMAddress(parsing: text) }
            #expect(error?.code == .badAddress && error?.message.contains(text) == true)
        }
    }
}
