import BreakwaterCore
import BreakwaterEVM
import BreakwaterPipeline
import Logging

/// What the executor does with what it sent, once a poll: records each receipt (a revert with its reason), replaces
/// what waits too long, tells what is not mined in time, and finds what will never be mined.
extension TransactionExecutor {
    /// Sends what is unsent and follows what was sent, in nonce order.
    func followPending() async {
        guard executor.enforce else { return }
        // Asked once a poll, when a transaction has no receipt.
        var minedNonce: UInt64?
        let order = pending.sorted { ($0.value.entry.nonce, $0.key) < ($1.value.entry.nonce, $1.key) }.map(\.key)
        for key in order {
            await send(key)
            guard let waiting = pending[key] else { continue }
            do throws(ChainError) {
                if let (hash, receipt) = try await receipt(of: waiting) {
                    await settle(key, hash: hash, receipt: receipt)
                    continue
                }
                // Its nonce used while none of its transactions has a receipt: asked again, in case it was mined
                // between the two questions.
                let used: UInt64
                if let minedNonce {
                    used = minedNonce
                } else {
                    used = UInt64(clamping: try await client.minedNonce(of: executor.key.address))
                }
                minedNonce = used
                if used > waiting.entry.nonce {
                    if let (hash, receipt) = try await receipt(of: waiting) {
                        await settle(key, hash: hash, receipt: receipt)
                    } else {
                        await drop(key)
                    }
                    continue
                }
            } catch {
                logger.warning("executor: no receipt for \(key) yet: \(error.message)")
                continue
            }
            await tellIfOverdue(key)
            await bumpIfWaiting(key)
        }
    }

    /// The receipt of `waiting`'s transaction, or of one it replaced (the newest first), once one is mined.
    private func receipt(of waiting: Pending) async throws(ChainError) -> (hash: [UInt8], TransactionReceipt)? {
        for hash in [waiting.entry.hash] + waiting.entry.replaced.reversed() {
            if let receipt = try await client.receipt(of: hash) { return (hash, receipt) }
        }
        return nil
    }

    /// Keeps `key`'s receipt in the outbox and says it in a note: `tx_mined`, or `tx_reverted` with the reason the
    /// call gives when replayed on the block's state.
    private func settle(_ key: String, hash: [UInt8], receipt: TransactionReceipt) async {
        guard let waiting = pending[key] else { return }
        var done = waiting.entry
        (done.hash, done.state, done.block) = (hash, receipt.succeeded ? .mined : .reverted, receipt.block)
        guard await close(done) else { return }
        var text = "0x\(Hex.encode(hash)) in block \(receipt.block), gas \(receipt.gasUsed), for \(key)"
        if !receipt.succeeded {
            text += ": " + (await revertReason(of: waiting.transaction, at: receipt.block))
            logger.error("executor: the transaction reverted on chain: \(text)")
        }
        await note?(
            Note(
                action: receipt.succeeded ? .txMined : .txReverted,
                author: "executor",
                incident: waiting.incident,
                text: text
            )
        )
    }

    /// Writes `entry`, settled, over its outbox entry, and stops following it.
    ///
    /// - Returns: `false` when the store fails: it is followed still, and settled again at the next poll.
    private func close(_ entry: OutboxEntry) async -> Bool {
        do {
            try await store.updateOutbox(entry)
        } catch {
            logger.error("executor: the outbox cannot be written: \(error.message)")
            return false
        }
        pending[entry.key] = nil
        book.record(entry)
        return true
    }

    /// Why `transaction` reverted: its call replayed from the pauser on the state after `block` (`eth_call`).
    private func revertReason(of transaction: EIP1559Transaction?, at block: Int64) async -> String {
        guard let transaction else { return "its call is not known" }
        do {
            _ = try await client.call(transaction.data, on: transaction.to, from: executor.key.address, at: block)
            return "its call succeeds when replayed after block \(block): the revert came from its place in the "
                + "block or its gas"
        } catch {
            return error.message
        }
    }

    /// Marks `key` dropped: its nonce was used, and none of its transactions was mined. Nothing more is sent for it.
    private func drop(_ key: String) async {
        guard let waiting = pending[key] else { return }
        var dropped = waiting.entry
        dropped.state = .dropped
        guard await close(dropped) else { return }
        await failed(
            "0x\(Hex.encode(dropped.hash)) for \(key) will never be mined: the pauser's nonce \(dropped.nonce) was "
                + "used by a transaction the executor did not see mined (another sender holds the pauser's key, or a "
                + "version of it replaced before a restart was mined); nothing more is sent for it",
            incident: waiting.incident
        )
    }

    /// Tells, once, that `key` is not mined `unmined_alert_ms` after it was first sent.
    private func tellIfOverdue(_ key: String) async {
        guard let waiting = pending[key], !waiting.isOverdueTold, let first = waiting.firstSentAt,
            ContinuousClock.now - first >= executor.unminedAlertAfter
        else { return }
        pending[key]?.isOverdueTold = true
        let waited = executor.unminedAlertAfter.components.seconds
        await failed(
            "0x\(Hex.encode(waiting.entry.hash)) (nonce \(waiting.entry.nonce)) for \(key) is not mined \(waited) s "
                + "after it was first sent",
            incident: waiting.incident
        )
    }

    /// Replaces the transaction of `key` with one at the same nonce and higher fees, when this process sent it
    /// `bump_after_ms` ago and it is not mined: at least 10 % more of both fees, or the fees quoted at the last
    /// poll when higher, within the caps. When it cannot be raised (at the caps, said once; fees of zero; bytes that
    /// do not decode), the same bytes are sent again instead, every `bump_after_ms`: a node that lost them has them
    /// again.
    private func bumpIfWaiting(_ key: String) async {
        guard let waiting = pending[key], let sentAt = waiting.sentAt,
            ContinuousClock.now - sentAt >= executor.bumpAfter
        else { return }
        guard !waiting.isAtCaps, var transaction = waiting.transaction else {
            await sendAgain(key)
            return
        }
        let sent = FeeQuote(
            maxFeePerGas: transaction.maxFeePerGas,
            maxPriorityFeePerGas: transaction.maxPriorityFeePerGas
        )
        let fees: FeeQuote
        do throws(FeeError) {
            fees = try sent.bumped(to: quoted, caps: executor.caps)
        } catch {
            pending[key]?.isAtCaps = true
            await failed("\(key) is not mined and cannot be replaced: \(error)", incident: waiting.incident)
            await sendAgain(key)
            return
        }
        guard fees != sent else {
            // Ten per cent more of nothing is nothing: no replacement a node would take.
            pending[key]?.isAtCaps = true
            await sendAgain(key)
            return
        }
        (transaction.maxFeePerGas, transaction.maxPriorityFeePerGas) = (fees.maxFeePerGas, fees.maxPriorityFeePerGas)
        let bytes = transaction.signed(by: executor.key)
        var replacement = waiting.entry
        (replacement.raw, replacement.hash) = (bytes.raw, bytes.hash)
        replacement.replaced.append(waiting.entry.hash)
        do {
            try await store.updateOutbox(replacement)
        } catch {
            logger.error("executor: the outbox cannot be written: \(error.message)")
            return
        }
        // Sent anew below: its bump time counts from then.
        pending[key]?.entry = replacement
        pending[key]?.transaction = transaction
        pending[key]?.sentAt = nil
        book.record(replacement)
        await note?(
            Note(
                action: .txReplaced,
                author: "executor",
                incident: waiting.incident,
                text: "0x\(Hex.encode(waiting.entry.hash)) replaced by 0x\(Hex.encode(bytes.hash)) at "
                    + "\(FeeError.gwei(fees.maxFeePerGas)) gwei for \(key)"
            )
        )
        await send(key)
    }

    /// Sends `key`'s bytes again, as they are, without a note: what the node has already it refuses.
    private func sendAgain(_ key: String) async {
        guard let raw = pending[key]?.entry.raw else { return }
        pending[key]?.sentAt = .now
        do {
            _ = try await client.send(raw: raw)
        } catch {
            logger.debug("executor: the node refused \(key) sent again: \(error.message)")
        }
    }
}
