import BigInt
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats
import Foundation
import Logging
import Testing

/// The signing layer against a real EVM: the pause an action becomes, priced from the node's fees within the caps,
/// signed by the pauser and sent raw, is mined and pauses the vault; the same bytes sent again are refused, so a
/// transaction sent twice is still one pause.
@Suite struct PauseTransactionTests {
    @Test(.enabled(if: LocalChain.isAvailable)) func aSignedPauseIsMinedAndPausesTheVault() async throws {
        let chain = try LocalChain()
        let keyFile = try chain.write("0x" + String(repeating: "0", count: 63) + "2\n", to: "pauser.key")
        let yaml =
            try chain.chainYAML() + """

                executor:
                  key_file: \(keyFile)
                  max_fee_gwei: "200"
                  max_priority_fee_gwei: "2"
                  actions:
                    - {action: pause, scope: {pool: main}, contract: vault, call: "pause()"}

                """
        let config = try ConfigLoader.load(yaml: DefaultProtocol.yaml)
        let loaded = try ChainConfig.load(yaml: yaml, protocol: config, environment: [:])
        let executor = try #require(loaded.executor)
        let client = JSONRPCClient(endpoints: loaded.endpoints, logger: Logger(label: "test"))
        let main = try #require(config.poolID(named: "main"))
        let action = Action(kind: .pause, scope: .pool(main), reason: "oracle_manipulation")
        let call = try #require(
            ActionCall.calls(for: action, incident: "INC-0001", executor: executor, config: config) { _ in "" }.first
        ).get()

        let caps = executor.caps
        let fees = try FeeQuote.next(
            baseFee: try await client.nextBaseFee(),
            suggestedTip: try await client.suggestedPriorityFee(),
            caps: caps
        )
        let transaction = EIP1559Transaction(
            chainID: loaded.chainID,
            nonce: UInt64(try await client.pendingNonce(of: executor.key.address)),
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
            maxFeePerGas: fees.maxFeePerGas,
            gasLimit: executor.gasLimit,
            to: call.contract,
            data: call.data
        )
        let signed = transaction.signed(by: executor.key)
        #expect(try await client.send(raw: signed.raw) == signed.hash, "the node hashes the bytes as Breakwater does")
        var receipt: TransactionReceipt?
        for _ in 0..<100 where receipt == nil {
            receipt = try await client.receipt(of: signed.hash)
            if receipt == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(receipt?.succeeded == true && (receipt?.gasUsed ?? 0) > 21_000, "\(String(describing: receipt))")
        let paused = try await client.call(
            try FunctionSignature(parsing: "paused()").callData([]),
            on: call.contract,
            from: executor.key.address
        )
        #expect(paused.last == 1, "the vault is paused")
        #expect(try await client.pendingNonce(of: executor.key.address) == Int64(transaction.nonce) + 1)

        // Sent again, the same bytes are refused: the nonce is used.
        await #expect(throws: ChainError.self) { try await client.send(raw: signed.raw) }
        // The pause a second time reverts, and the revert says why.
        var second = transaction
        second.nonce += 1
        let again = second.signed(by: executor.key)
        _ = try await client.send(raw: again.raw)
        var reverted: TransactionReceipt?
        for _ in 0..<100 where reverted == nil {
            reverted = try await client.receipt(of: again.hash)
            if reverted == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(reverted?.succeeded == false, "already paused: mined, and reverted")
    }
}
