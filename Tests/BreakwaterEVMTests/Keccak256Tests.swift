import BreakwaterCore
import BreakwaterEVM
import Testing

/// Keccak-256 as Ethereum uses it: the standard's short vectors, inputs around the 136-byte block, and the topic
/// hashes of events every explorer knows.
@Suite struct Keccak256Tests {
    @Test func theKnownDigestsComeOut() {
        let cases: [([UInt8], String)] = [
            ([], "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            (Array("abc".utf8), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
            // One byte short of a block, a block, one byte over: the padding's three cases.
            ([UInt8](repeating: 0x61, count: 135), "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"),
            ([UInt8](repeating: 0x61, count: 136), "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"),
            ([UInt8](repeating: 0x61, count: 137), "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"),
            (
                Array((0..<768).map { UInt8($0 % 256) }),
                "00e77ce2c4f77212a0d5df106b08157b77058479357a98a6039b457c469723e4"
            ),
        ]
        for (input, digest) in cases { #expect(Hex.encode(Keccak256.hash(input)) == digest, "\(input.count) bytes") }
    }

    @Test func eventTopicsAreTheHashesOfTheirSignatures() {
        #expect(
            Hex.encode(Keccak256.hash("Transfer(address,address,uint256)"))
                == "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
        )
        #expect(
            Hex.encode(Keccak256.hash("AnswerUpdated(int256,uint256,uint256)"))
                == "0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f"
        )
    }
}
