import Foundation
import PropertyBased
import Testing

@testable import BreakwaterChain

/// The fast reader of `eth_getLogs` answers and `JSONDecoder` give the same logs for every answer the fast one
/// reads, and the fast one reads the shapes nodes write.
@Suite struct FastLogReaderTests {
    /// A log's members as a node might write them, in `order`, with `extra` members and spaces where `spaced`.
    static func log(seed: UInt64, order: [Int], removed: Int, extra: Bool, spaced: Bool) -> String {
        let word = { (value: UInt64) in String(repeating: "0", count: 48) + String(format: "%016llx", value) }
        var members = [
            #""address":"0x\#(String(format: "%040llx", seed % 1000 + 1))""#,
            #""topics":["0x\#(word(seed))","0x\#(word(seed &* 31))"]"#,
            #""data":"0x\#(word(seed &* 7))\#(seed % 3 == 0 ? "" : word(seed))""#,
            #""blockNumber":"0x\#(String(seed % 100_000 + 1, radix: 16))""#,
            #""blockHash":"0x\#(word(seed % 100_000 + 1).uppercased())""#,
            #""transactionHash":"0x\#(word(seed &* 13))""#,
            #""logIndex":"0x\#(String(seed % 50, radix: 16))""#,
        ]
        members = order.map { members[$0 % members.count] }
        if removed == 1 { members.append(#""removed":false"#) }
        if removed == 2 { members.append(#""removed":true"#) }
        if extra { members.insert(#""transactionIndex":"0x1","blockTimestamp":null,"x":-1.5e3"#, at: 1) }
        let separator = spaced ? " ,\n " : ","
        return (spaced ? "{ " : "{") + members.joined(separator: separator) + (spaced ? " }" : "}")
    }

    static func answer(_ logs: [String], id: Int) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"result":[\#(logs.joined(separator: ","))]}"#
    }

    static func slow(_ answer: String) -> [ChainLog]? {
        try? JSONDecoder().decode(RPCAnswer<ChainLogs>.self, from: Data(answer.utf8)).result?.logs
    }

    @Test func theCommonShapeReadsAsTheDecoderReadsIt() async {
        await propertyCheck(
            count: 300,
            input: Gen.uint64(in: 0 ... .max),
            Gen.int(in: 0...6).array(of: 7),
            Gen.int(in: 0...2),
            Gen.bool
        ) { seed, order, removed, spaced in
            let logs = (0..<Int(seed % 4)).map {
                Self.log(
                    seed: seed &+ UInt64($0),
                    order: Array(0...6),
                    removed: removed,
                    extra: $0 == 1,
                    spaced: spaced
                )
            }
            let answer = Self.answer(logs, id: 7)
            let fast = FastLogReader.logs(in: Array(answer.utf8), id: 7)
            #expect(fast != nil, "\(answer)")
            #expect(fast == Self.slow(answer))
            // Members in another order, some twice or missing: never a different reading.
            let shuffled = Self.answer(
                [Self.log(seed: seed, order: order, removed: removed, extra: false, spaced: spaced)],
                id: 7
            )
            if let read = FastLogReader.logs(in: Array(shuffled.utf8), id: 7) { #expect(read == Self.slow(shuffled)) }
        }
    }

    @Test func whatItDoesNotReadIsLeftToTheDecoder() {
        let log = Self.log(seed: 5, order: Array(0...6), removed: 0, extra: false, spaced: false)
        let others = [
            Self.answer([log], id: 8),  // another request's answer
            #"{"jsonrpc":"2.0","id":7,"error":{"code":-32005,"message":"query returned more than 10000 results"}}"#,
            Self.answer(
                [log.replacingOccurrences(of: #""transactionHash":"0x"#, with: #""transactionHash":"\u0030x"#)],
                id: 7
            ),
            Self.answer([log.replacingOccurrences(of: #""logIndex":"0x5""#, with: #""logIndex":5"#)], id: 7),
            Self.answer([log], id: 7) + " x",
            Self.answer([log.replacingOccurrences(of: #"{"address""#, with: #"{"meta":{},"address""#)], id: 7),
        ]
        for answer in others {
            #expect(answer != Self.answer([log], id: 7))
            #expect(FastLogReader.logs(in: Array(answer.utf8), id: 7) == nil, "\(answer)")
        }
        #expect(Self.slow(others[2])?.count == 1, "an escape is still JSON")
        // The decoder still reads a member it does not need that holds an object.
        #expect(Self.slow(others[5])?.count == 1)
    }
}
