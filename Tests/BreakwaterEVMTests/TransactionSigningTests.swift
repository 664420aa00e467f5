import BigInt
import BreakwaterCore
import BreakwaterEVM
import Foundation
import PropertyBased
import Testing

/// Keys, signatures and EIP-1559 transactions, against published vectors: EIP-155's example transaction (its
/// signing hash, `v`, `r`, `s` and signed bytes) and type-2 transactions as eth-account 0.14 signs them.
@Suite struct TransactionSigningTests {
    /// EIP-155's example key: 32 bytes of 0x46.
    static let key = "0x" + String(repeating: "46", count: 32)

    @Test func aKeyNamesItsAddressAndNeverItself() throws {
        let key = try SigningKey(hex: Self.key + "\n")
        #expect(key.address.checksummed == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        #expect(try SigningKey(hex: String(repeating: "46", count: 32)).address == key.address, "without 0x")
        #expect(!"\(key)".contains("4646") && "\(key)".contains("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"))
    }

    @Test(arguments: [
        "0x46", "0x" + String(repeating: "zz", count: 32), "0x" + String(repeating: "00", count: 32),
        "0x" + String(repeating: "ff", count: 32),
    ])
    func aKeyThatIsNotOneIsAnErrorThatDoesNotRepeatIt(text: String) {
        let error = #expect(throws: ABIError.self) { try SigningKey(hex: text) }
        #expect(error?.message.contains(text.dropFirst(2)) == false)
    }

    /// EIP-155's example: nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535…, chain 1.
    @Test func theEIP155ExampleSignsToItsPublishedBytes() throws {
        let to = [UInt8](repeating: 0x35, count: 20)
        let fields: [RLP] = [
            .integer(UInt64(9)), .integer(UInt64(20_000_000_000)), .integer(UInt64(21_000)), .bytes(to),
            .integer(UInt64(1_000_000_000_000_000_000)), .bytes([]),
        ]
        let signing = RLP.list(fields + [.integer(UInt64(1)), .bytes([]), .bytes([])]).encoded
        #expect(
            Hex.encode(signing)
                == "ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080"
        )
        let hash = Keccak256.hash(signing)
        #expect(Hex.encode(hash) == "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
        let signature = try SigningKey(hex: Self.key).sign(digest: hash)
        let v = UInt64(35 + 2 * 1) + UInt64(signature.yParity)
        #expect(v == 37)
        #expect(
            BigUInt(Data(signature.r)).description
                == "18515461264373351373200002665853028612451056578545711640558177340181847433846"
        )
        #expect(
            BigUInt(Data(signature.s)).description
                == "46948507304638947509940763649030358759909902576025900602547168820602576006531"
        )
        let signed = RLP.list(
            fields + [.integer(v), .integer(bigEndian: signature.r), .integer(bigEndian: signature.s)]
        )
        #expect(
            Hex.encode(signed.encoded)
                == "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61"
                + "340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f"
                + "3dc64214b297fb1966a3b6d83"
        )
    }

    @Test func aPauseTransactionSignsAsEthAccountSignsIt() throws {
        let pause = EIP1559Transaction(
            chainID: 1337,
            nonce: 3,
            maxPriorityFeePerGas: 2_000_000_000,
            maxFeePerGas: 200_000_000_000,
            gasLimit: 100_000,
            to: try EVMAddress(parsing: "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
            data: try FunctionSignature(parsing: "pause()").callData([])
        )
        let signed = pause.signed(by: try SigningKey(hex: Self.key))
        #expect(
            Hex.encode(signed.raw)
                == "02f872820539038477359400852e90edd000830186a0945fbdb2315678afecb367f032d93f642f64180aa380848456cb5"
                + "9c001a06fcf3430c3ed45d6d7d35ed910f51820ac12927e6c65d7e4666b4d463c947ea1a069513994cdb354fc00a6af44be"
                + "711c1dfdf1e3320e3e5b0468b6abb6c6f708d7"
        )
        #expect(Hex.encode(signed.hash) == "6b7431dcce293e98236150466c852364650209be6074be62a4144ba6a63fab9c")
        #expect(signed.from.checksummed == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        #expect(pause.signed(by: try SigningKey(hex: Self.key)) == signed, "deterministic: the same bytes again")

        var transfer = pause
        (transfer.chainID, transfer.nonce, transfer.value, transfer.data) = (1, 0, 1_000_000_000_000_000_000, [])
        transfer.maxFeePerGas = 30_000_000_000
        let sent = transfer.signed(by: try SigningKey(hex: Self.key))
        #expect(Hex.encode(sent.hash) == "256c8e131cb8ce506618ddbb992bc89c8a6be78c5baa637428d6e007c0a283ea")
    }

    /// A signed transaction's bytes give back the transaction: eth-account's signature of the pause above, and any
    /// transaction signed here.
    @Test func aSignedTransactionDecodesToWhatWasSigned() async throws {
        let raw = try #require(
            Hex.decode(
                "02f872820539038477359400852e90edd000830186a0945fbdb2315678afecb367f032d93f642f64180aa380848456cb5"
                    + "9c001a06fcf3430c3ed45d6d7d35ed910f51820ac12927e6c65d7e4666b4d463c947ea1a069513994cdb354fc00a6af44be"
                    + "711c1dfdf1e3320e3e5b0468b6abb6c6f708d7"
            )
        )
        let pause = try EIP1559Transaction(signed: raw)
        #expect(pause.chainID == 1337 && pause.nonce == 3 && pause.gasLimit == 100_000)
        #expect(pause.maxPriorityFeePerGas == 2_000_000_000 && pause.maxFeePerGas == 200_000_000_000)
        #expect(pause.to.checksummed == "0x5FbDB2315678afecb367f032d93F642f64180aa3" && pause.value == 0)
        #expect(Hex.encode(pause.data) == "8456cb59")
        #expect(pause.signed(by: try SigningKey(hex: Self.key)).raw == raw, "signed again: the same bytes")

        let key = try SigningKey(hex: Self.key)
        let fees = Gen.uint64(in: 0...UInt64.max)
        await propertyCheck(input: fees, fees, Gen.int(in: 0...300)) { fee, nonce, length in
            let transaction = EIP1559Transaction(
                chainID: 1,
                nonce: nonce,
                maxPriorityFeePerGas: BigUInt(fee) / 3,
                maxFeePerGas: BigUInt(fee) * BigUInt(fee),
                gasLimit: fee,
                to: pause.to,
                value: BigUInt(nonce),
                data: [UInt8](repeating: 0xee, count: length)
            )
            #expect((try? EIP1559Transaction(signed: transaction.signed(by: key).raw)) == transaction)
        }
    }

    @Test func bytesThatAreNotASignedPauseAreAnError() throws {
        #expect(throws: ABIError.self) { try EIP1559Transaction(signed: [0x01, 0xc0]) }
        #expect(throws: ABIError.self) { try EIP1559Transaction(signed: [0x02] + RLP.list([]).encoded) }
        #expect(throws: ABIError.self) { try EIP1559Transaction(signed: [0x02, 0xc1]) }
    }
}
