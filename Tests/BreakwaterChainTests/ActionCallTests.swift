import BigInt
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import Foundation
import PropertyBased
import Testing

private let gwei = BigUInt(1_000_000_000)

/// What an action becomes under the executor section: a call per matching mapping that sends it, with a dedup key
/// that the same action of the same incident always gets; and fees within the caps, bumped by at least 10 %.
@Suite struct ActionCallTests {
    typealias F = ChainFixtures

    static func executor() throws -> ExecutorConfig {
        try #require(try ExecutorConfigTests.executor())
    }

    static func calls(
        _ action: Action,
        incident: String? = "INC-0001",
        names: [String] = []
    ) throws -> [Result<ActionCall, ActionCallError>] {
        ActionCall.calls(
            for: action,
            incident: incident,
            executor: try executor(),
            config: try F.config,
            accountName: { names[Int($0.index)] }
        )
    }

    @Test func aPauseOfPoolMainIsOneCallWithAStableKey() throws {
        let main = try #require(try F.config.poolID(named: "main"))
        let pause = Action(kind: .pause, scope: .pool(main), reason: "oracle_manipulation")
        let calls = try Self.calls(pause)
        let call = try #require(try calls.first?.get())
        #expect(calls.count == 1 && call.data == [0x84, 0x56, 0xcb, 0x59] && call.summary == "pause() on vault")
        #expect(call.dedupKey == "pause|pool=main|INC-0001|0")
        #expect(call.contract == (try EVMAddress(parsing: F.vault)))
        let again = try #require(try Self.calls(Action(kind: .pause, scope: .pool(main), reason: "later")).first)
        #expect(try again.get().dedupKey == call.dedupKey, "the same action of the same incident: one call")
        let other = try #require(try Self.calls(pause, incident: "INC-0002").first)
        #expect(try other.get().dedupKey != call.dedupKey)
    }

    @Test func anAccountPlaceholderTakesTheAccountsAddressOrFails() throws {
        let freeze = Action(kind: .freeze, scope: Scope(account: AccountID(1)), reason: "concentrated_profit")
        let call = try #require(try Self.calls(freeze, names: ["alice", F.alice]).first).get()
        let expected = try FunctionSignature(parsing: "freeze(address)").callData([
            .address(try EVMAddress(parsing: F.alice))
        ])
        #expect(call.data == expected && call.dedupKey == "freeze|account=\(F.alice)|INC-0001|1")

        let named = Action(kind: .freeze, scope: Scope(account: AccountID(0)), reason: "concentrated_profit")
        let failure = try #require(try Self.calls(named, names: ["alice"]).first)
        guard case .failure(let error) = failure else {
            Issue.record("an account named alice is not an address: \(failure)")
            return
        }
        #expect(error.description.hasPrefix("executor.actions[1] freeze(address) on vault: \"alice\" is not 0x"))
    }

    @Test func liftsAndShadowActionsAreNotCalls() throws {
        #expect(try Self.calls(Action(kind: .unpause, scope: .wholeProtocol, actor: .auto, reason: "")).isEmpty)
        #expect(
            try Self.calls(Action(kind: .unpause, scope: .wholeProtocol, actor: .governance, reason: "")).count == 1
        )
        let main = try #require(try F.config.poolID(named: "main"))
        #expect(try Self.calls(Action(kind: .pause, scope: .pool(main), reason: "", isEnforced: false)).isEmpty)
        #expect(try Self.calls(Action(kind: .reduceOnly, scope: .pool(main), reason: "")).isEmpty, "no mapping")
    }

    static let caps = FeeQuote(maxFeePerGas: 200 * gwei, maxPriorityFeePerGas: 50 * gwei)

    @Test func theNextBlocksFeesLeaveRoomForTheBaseFeeWithinTheCaps() throws {
        let quote = try FeeQuote.next(baseFee: 10 * gwei, suggestedTip: 2 * gwei, caps: Self.caps)
        #expect(quote == FeeQuote(maxFeePerGas: 22 * gwei, maxPriorityFeePerGas: 2 * gwei))
        let capped = try FeeQuote.next(baseFee: 120 * gwei, suggestedTip: 90 * gwei, caps: Self.caps)
        #expect(capped == FeeQuote(maxFeePerGas: 200 * gwei, maxPriorityFeePerGas: 50 * gwei))
        let error = #expect(throws: FeeError.self) {
            try FeeQuote.next(baseFee: 190 * gwei, suggestedTip: 20 * gwei, caps: Self.caps)
        }
        #expect(error?.description == "the fee needed, 210 gwei, is above the cap of 200 gwei")
    }

    /// A replacement offers at least 10 % more of both fees, never more than the caps; when 10 % more is above a
    /// cap, there is no replacement.
    @Test func aBumpIsTenPercentMoreWithinTheCaps() async {
        await propertyCheck(input: Gen.uint64(in: 1...200_000_000_000), Gen.uint64(in: 0...50_000_000_000)) {
            fee,
            tip in
            let quote = FeeQuote(maxFeePerGas: BigUInt(fee), maxPriorityFeePerGas: BigUInt(min(tip, fee)))
            do {
                let bumped = try quote.bumped(to: nil, caps: Self.caps)
                #expect(bumped.maxFeePerGas * 10 >= quote.maxFeePerGas * 11)
                #expect(bumped.maxPriorityFeePerGas * 10 >= quote.maxPriorityFeePerGas * 11)
                #expect(bumped.maxFeePerGas <= Self.caps.maxFeePerGas)
                #expect(bumped.maxPriorityFeePerGas <= min(Self.caps.maxPriorityFeePerGas, bumped.maxFeePerGas))
            } catch {
                #expect(
                    quote.maxFeePerGas * 11 > Self.caps.maxFeePerGas * 10
                        || quote.maxPriorityFeePerGas * 11 > Self.caps.maxPriorityFeePerGas * 10
                )
            }
        }
    }

    @Test func aBumpTakesAFresherQuoteWhenItIsHigher() throws {
        let sent = FeeQuote(maxFeePerGas: 22 * gwei, maxPriorityFeePerGas: 2 * gwei)
        let now = FeeQuote(maxFeePerGas: 60 * gwei, maxPriorityFeePerGas: 3 * gwei)
        #expect(try sent.bumped(to: now, caps: Self.caps) == now)
        let small = FeeQuote(maxFeePerGas: 10 * gwei, maxPriorityFeePerGas: 1 * gwei)
        #expect(
            try sent.bumped(to: small, caps: Self.caps)
                == FeeQuote(maxFeePerGas: 24_200_000_000, maxPriorityFeePerGas: 2_200_000_000)
        )
    }
}
