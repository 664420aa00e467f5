#!/usr/bin/env python3
"""A local EVM chain for Breakwater's chain tests: a JSON-RPC server over eth-tester's PyEVMBackend.

    python scripts/localchain.py serve [--host 127.0.0.1] [--port 0] [--chain-id 1337] [--block-time S] [--state FILE]
                                       [--stop-with-stdin]
    python scripts/localchain.py drive --state FILE [--mine] SCENARIO     # deposit | mango | drain N | quiet N

`serve` compiles the Vyper contracts in contracts/, deploys them in block 1 in a fixed order from eth-tester's default
accounts (so their addresses are the same on every start), writes FILE (the node's URL, accounts and addresses) and
answers JSON-RPC 2.0 over HTTP until SIGTERM or SIGINT (or, with --stop-with-stdin, until its standard input closes).
`drive` sends a scenario's transactions through a running server and prints one JSON line per transaction; with
--mine it mines a block after each (for a node that does not mine by itself: automine off, no --block-time).

No JSON-RPC server on PyPI works, so this is a small one. It needs the packages pinned in the chain virtual
environment (eth-tester[py-evm] 0.14.0b1, web3 8.0.0, vyper 0.4.3, eth-account 0.14.0, coincurve 21.0.0) and
reaches into eth-tester's backend where noted: those versions are pinned.

Behaviour a client may rely on:
- Automine: each transaction is mined in a block of its own, unless evm_setAutomine(false) or --block-time S, which
  mines a block every S seconds as a real chain does (transactions wait in the pending block in the order they came).
- Tags: "safe" and "finalized" are the latest block; "pending" is the block being built.
- A transaction that reverts is mined with status 0x0, as on a real node; eth_sendTransaction without `gas`
  estimates it first, and a revert there is refused like eth_call's (code 3, "execution reverted", data).
- eth_call and eth_estimateGas without fee fields run at the block's base fee with the gas paid for the sender, so
  any `from` (or none: the zero address) works, as a zero gas price does on geth.
- Raw transactions must be signed for the chain id (EIP-155 or typed); unprotected ones are refused, as geth does.
- Requests are served one at a time (a lock), each connection on a thread of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

CONTRACTS_DIR = Path(__file__).resolve().parent.parent / "contracts"
DEFAULT_CHAIN_ID = 1337
CLIENT_VERSION = "breakwater-localchain/1.0 (eth-tester 0.14.0b1, py-evm)"
MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_MINE_COUNT = 100_000
GWEI = 10**9
PRIORITY_FEE = 1 * GWEI  # what eth_maxPriorityFeePerGas suggests and eth_sendTransaction pays by default
SETUP_GAS = 5_000_000  # the gas of each deployment transaction: enough, and no estimate to wait for

# Role accounts, by index in eth-tester's default accounts (private keys 1, 2, 3, ...).
ROLES = {"deployer": 0, "pauser": 1, "alice": 2, "attacker": 3}

# Scenario amounts, in token units before decimals.
USDC_LIQUIDITY = 1_000_000  # the deployer's deposit: what a borrow drains
USDC_PER_USER = 100_000
MNGO_ALICE = 1_000_000
MNGO_ATTACKER = 5_000_000
ALICE_DEPOSIT_USDC = 1_000
ATTACKER_DEPOSIT_MNGO = 2_500_000  # $50,000 at 0.02, $1,000,000 at 0.40
ATTACKER_BORROW_USDC = 950_000
MNGO_MANIPULATED_ANSWERS = (20_000_000, 40_000_000)  # 0.20 then 0.40, with 8 decimals
DRAIN_MNGO = 10_000  # each later withdrawal: $4,000 at 0.40, within the borrow's headroom of $50,000
DRAIN_GAS = 300_000
ERROR_SELECTOR = bytes.fromhex("08c379a0")  # Error(string), what a revert with a reason returns

BLOCK_TAGS = ("latest", "earliest", "pending", "safe", "finalized")


# ---------------------------------------------------------------------------------------------------------------------
# Encoding helpers shared by serve and drive.


def calldata(signature: str, *args: Any) -> bytes:
    """The call data of `signature` (e.g. "approve(address,uint256)") with `args`, ABI-encoded."""
    from eth_abi import encode
    from eth_utils import function_signature_to_4byte_selector

    types = signature[signature.index("(") + 1 : -1]
    return function_signature_to_4byte_selector(signature) + encode(types.split(",") if types else [], list(args))


def quantity(value: int) -> str:
    return hex(value)


def data(value: bytes) -> str:
    return "0x" + bytes(value).hex()


# ---------------------------------------------------------------------------------------------------------------------
# Parameter parsing: each failure is an InvalidParams naming the parameter.


class RPCError(Exception):
    def __init__(self, code: int, message: str, data: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


def invalid(message: str) -> RPCError:
    return RPCError(-32602, message)


HEX_RE = re.compile(r"0x[0-9a-fA-F]*\Z")


def parse_quantity(value: Any, name: str) -> int:
    if not isinstance(value, str) or not HEX_RE.match(value) or len(value) < 3:
        raise invalid(f"{name}: expected a hex quantity like 0x1a, got {json.dumps(value)}")
    return int(value, 16)


def parse_data(value: Any, name: str, length: int | None = None) -> bytes:
    if not isinstance(value, str) or not HEX_RE.match(value) or len(value) % 2:
        raise invalid(f"{name}: expected 0x-prefixed hex bytes, got {json.dumps(value)[:80]}")
    raw = bytes.fromhex(value[2:])
    if length is not None and len(raw) != length:
        raise invalid(f"{name}: expected {length} bytes, got {len(raw)}")
    return raw


def parse_address(value: Any, name: str) -> bytes:
    return parse_data(value, name, 20)


def parse_hash(value: Any, name: str) -> bytes:
    return parse_data(value, name, 32)


def parse_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(f"{name}: expected true or false, got {json.dumps(value)}")
    return value


def parse_count(value: Any, name: str) -> int:
    """A count given as a JSON integer or a hex quantity (evm_mine's callers send either)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise invalid(f"{name}: expected a number, got {json.dumps(value)}")
    count = value if isinstance(value, int) else parse_quantity(value, name)
    if not 0 <= count <= MAX_MINE_COUNT:
        raise invalid(f"{name}: must be 0 to {MAX_MINE_COUNT}")
    return count


# ---------------------------------------------------------------------------------------------------------------------
# The chain: py-evm's MiningChain inside eth-tester's PyEVMBackend, read directly where eth-tester is slow or lossy.


class Chain:
    def __init__(self, chain_id: int):
        from eth_tester import PyEVMBackend

        self.backend = PyEVMBackend()
        # eth-tester builds its chain class with chain_id 131277322940537; the class attribute is what signing,
        # the CHAINID opcode and transaction defaults read. The chain id of raw transactions is checked on arrival.
        type(self.backend.chain).chain_id = chain_id
        self.chain_id = chain_id
        self.keys = {key.public_key.to_canonical_address(): key for key in self.backend.account_keys}
        self.accounts = [key.public_key.to_canonical_address() for key in self.backend.account_keys]
        self.automine = True
        self.snapshots: dict[int, bytes] = {}
        self.next_snapshot = 1

    @property
    def evm(self):
        # The backend replaces its chain object when reverting to genesis: always read it from there.
        return self.backend.chain

    # Blocks ----------------------------------------------------------------------------------------------------------

    def head(self):
        return self.evm.chaindb.get_canonical_head()

    def pending_header(self):
        return self.evm.header

    def header_by_number(self, number: int):
        from eth.exceptions import HeaderNotFound

        try:
            return self.evm.chaindb.get_canonical_block_header_by_number(number)
        except HeaderNotFound:
            return None

    def header_by_hash(self, block_hash: bytes):
        """The block with this hash, canonical or not (a node keeps the blocks a reorg left behind)."""
        from eth.exceptions import HeaderNotFound

        try:
            return self.evm.chaindb.get_block_header_by_hash(block_hash)
        except HeaderNotFound:
            return None

    def resolve_tag(self, tag: Any, name: str) -> int | None:
        """A block parameter as a number; "pending" is the head plus one. None for a number past the head."""
        head = self.head().block_number
        if tag in ("latest", "safe", "finalized"):
            return head
        if tag == "earliest":
            return 0
        if tag == "pending":
            return head + 1
        if isinstance(tag, str) and tag.startswith("0x"):
            number = parse_quantity(tag, name)
            return number if number <= head else None
        raise invalid(f"{name}: expected a block number or one of {', '.join(BLOCK_TAGS)}, got {json.dumps(tag)}")

    def state_header(self, tag: Any, name: str = "block"):
        """The header whose state a state method reads: a tag, a number, or an EIP-1898 object."""
        if isinstance(tag, dict):
            if "blockHash" in tag:
                header = self.header_by_hash(parse_hash(tag["blockHash"], f"{name}.blockHash"))
                if header is None:
                    raise RPCError(-32000, f"header not found for {name}.blockHash")
                return header
            tag = tag.get("blockNumber")
        number = self.resolve_tag(tag, name)
        if number is None:
            raise RPCError(-32000, f"header not found: {name} {tag} is past the head")
        return self.pending_header() if number == self.head().block_number + 1 else self.header_by_number(number)

    def state_at(self, header):
        return self.evm.get_vm(at_header=header).state

    def block_receipts(self, header):
        """The receipts of a mined block, from the database (no re-execution)."""
        return self.evm.chaindb.get_receipts(header, self.evm.get_vm_class(header).get_receipt_builder())

    # Mining ----------------------------------------------------------------------------------------------------------

    def _refresh_pending_timestamp(self) -> None:
        # py-evm stamps the pending block when its parent is mined, so after a quiet spell the next block would carry
        # an old time. Restamp an empty pending block (no gas used: every transaction uses some) with the wall clock,
        # never earlier than its parent plus one.
        if self.evm.header.gas_used == 0:
            self.evm.set_header_timestamp(max(int(time.time()), self.head().timestamp + 1))

    def mine(self, count: int = 1) -> None:
        for _ in range(count):
            self._refresh_pending_timestamp()
            self.backend.mine_blocks(1)

    def apply(self, transaction) -> bytes:
        """Adds a signed py-evm transaction to the pending block (mined at once under automine). A transaction that
        reverts is still included, with status 0; one the state refuses (nonce, funds, fees) raises -32000."""
        from eth_utils import ValidationError

        self._refresh_pending_timestamp()
        try:
            self.evm.apply_transaction(transaction)
        except ValidationError as error:
            raise RPCError(-32000, str(error)) from None
        if self.automine:
            self.mine()
        return transaction.hash

    # Snapshots -------------------------------------------------------------------------------------------------------

    def snapshot(self) -> int:
        snapshot_id = self.next_snapshot
        self.next_snapshot += 1
        self.snapshots[snapshot_id] = self.head().hash
        return snapshot_id

    def revert(self, snapshot_id: int) -> bool:
        """Makes the snapshot's block the head again, dropping pending transactions; the next block mined starts a
        new branch (a reorg for whoever followed the old one). The snapshot and every later one are used up."""
        block_hash = self.snapshots.get(snapshot_id)
        if block_hash is None:
            return False
        for later in [other for other in self.snapshots if other >= snapshot_id]:
            del self.snapshots[later]
        self.backend.revert_to_snapshot(block_hash)
        return True

    # Transactions ----------------------------------------------------------------------------------------------------

    def unsigned(self, tx: dict, state):
        """An unsigned py-evm transaction from eth-tester-style fields, with the nonce read from `state`."""
        tx = dict(tx)
        tx.setdefault("nonce", state.get_nonce(tx["from"]))
        # eth-tester's private normalizer fills the remaining defaults and picks the transaction type (pinned version).
        return self.backend._get_normalized_and_unsigned_evm_transaction(tx)

    def run(self, tx: dict, header, estimate: bool = False):
        """Executes `tx` on the state after `header` without keeping anything: the computation, or the gas estimate.
        Without fee fields the sender pays the block's base fee, credited for the run."""
        from eth.estimators.gas import binary_gas_search_intrinsic_tolerance
        from eth.vm.spoof import SpoofTransaction
        from eth_utils import ValidationError

        tx = dict(tx)
        tx.setdefault("from", bytes(20))
        tx.setdefault("gas", header.gas_limit)
        free = not has_fees(tx)
        if free:
            tx["max_fee_per_gas"] = header.base_fee_per_gas
            tx["max_priority_fee_per_gas"] = 0
        state = self.state_at(header)
        snapshot = state.snapshot()
        try:
            transaction = SpoofTransaction(self.unsigned(tx, state), from_=tx["from"])
            if free:
                state.delta_balance(tx["from"], tx["gas"] * header.base_fee_per_gas)
            if estimate:
                return binary_gas_search_intrinsic_tolerance(state, transaction)
            return state.apply_transaction(transaction)
        except ValidationError as error:
            raise RPCError(-32000, str(error)) from None
        finally:
            state.revert(snapshot)

    def send(self, tx: dict) -> bytes:
        """Signs `tx` with its unlocked `from` account and applies it."""
        sender = tx["from"]
        key = self.keys.get(sender)
        if key is None:
            raise RPCError(-32000, f"unknown account {data(sender)}: only eth_accounts are unlocked")
        tx = dict(tx)
        if not has_fees(tx):
            tx["max_priority_fee_per_gas"] = PRIORITY_FEE
            tx["max_fee_per_gas"] = 2 * self.pending_header().base_fee_per_gas + PRIORITY_FEE
        if "gas" not in tx:
            tx["gas"] = estimate_or_raise(self, tx, self.pending_header())
        unsigned = self.unsigned(tx, self.state_at(self.pending_header()))
        return self.apply(unsigned.as_signed_transaction(key, chain_id=self.chain_id))

    def send_raw(self, raw: bytes) -> bytes:
        if not raw:
            raise invalid("transaction: empty")
        if raw[0] == 3:
            raise RPCError(-32000, "blob transactions (type 3) are not supported")
        try:
            transaction = self.evm.get_vm().get_transaction_builder().decode(raw)
            transaction.validate()
        except Exception as error:  # rlp and signature errors come in many classes
            raise RPCError(-32000, f"invalid transaction: {error}") from None
        chain_id = getattr(transaction, "chain_id", None)
        if chain_id is None:
            raise RPCError(-32000, "only replay-protected (EIP-155) transactions allowed over RPC")
        if chain_id != self.chain_id:
            raise RPCError(-32000, f"invalid chain id for signer: have {chain_id} want {self.chain_id}")
        return self.apply(transaction)

    def find_transaction(self, tx_hash: bytes):
        """(header or None while pending, index, transaction), or None when unknown."""
        from eth.exceptions import TransactionNotFound

        for index, transaction in enumerate(self.evm.get_block().transactions):
            if transaction.hash == tx_hash:
                return None, index, transaction
        try:
            # py-evm's index of canonical transactions; eth-tester's lookup scans every block instead.
            number, index = self.evm.chaindb.get_transaction_index(tx_hash)
        except TransactionNotFound:
            return None
        header = self.header_by_number(number)
        builder = self.evm.get_vm_class(header).get_transaction_builder()
        return header, index, self.evm.chaindb.get_transaction_by_index(number, index, builder)


def has_fees(tx: dict) -> bool:
    return any(field in tx for field in ("gas_price", "max_fee_per_gas", "max_priority_fee_per_gas"))


def estimate_or_raise(chain: Chain, tx: dict, header) -> int:
    """The gas `tx` needs, or the RPC error its failure is."""
    from eth.exceptions import Revert, VMError

    try:
        return chain.run(tx, header, estimate=True)
    except Revert as error:
        raise revert_error(error) from None
    except VMError as error:
        raise RPCError(-32000, str(error) or type(error).__name__) from None


def revert_error(error) -> RPCError:
    """A revert as geth answers it: code 3, "execution reverted" and the revert data."""
    output = error.args[0] if error.args and isinstance(error.args[0], bytes) else b""
    return RPCError(3, "execution reverted", data(output))


# ---------------------------------------------------------------------------------------------------------------------
# JSON serialization of blocks, transactions, receipts and logs.


def tx_type(transaction) -> int:
    return getattr(transaction, "type_id", None) or 0


def effective_gas_price(transaction, header) -> int:
    if tx_type(transaction) >= 2:
        return min(transaction.max_fee_per_gas, transaction.max_priority_fee_per_gas + header.base_fee_per_gas)
    return transaction.gas_price


def block_json(chain: Chain, header, full: bool, pending: bool = False) -> dict:
    import rlp

    block = chain.evm.get_block() if pending else chain.evm.get_block_by_header(header)
    if full:
        transactions = [transaction_json(t, None if pending else header, i) for i, t in enumerate(block.transactions)]
    else:
        transactions = [data(t.hash) for t in block.transactions]
    result = {
        "number": quantity(header.block_number),
        "hash": None if pending else data(header.hash),
        "parentHash": data(header.parent_hash),
        "nonce": data(header.nonce),
        "mixHash": data(header.mix_hash),
        "sha3Uncles": data(header.uncles_hash),
        "logsBloom": data(header.bloom.to_bytes(256, "big")),
        "transactionsRoot": data(header.transaction_root),
        "stateRoot": data(header.state_root),
        "receiptsRoot": data(header.receipt_root),
        "miner": data(header.coinbase),
        "difficulty": quantity(header.difficulty),
        "extraData": data(header.extra_data),
        "size": quantity(len(rlp.encode(block))),
        "gasLimit": quantity(header.gas_limit),
        "gasUsed": quantity(header.gas_used),
        "timestamp": quantity(header.timestamp),
        "baseFeePerGas": quantity(header.base_fee_per_gas),
        "transactions": transactions,
        "uncles": [],
        "withdrawals": [],
    }
    # Fields of later forks, as far as the header has them.
    for key, attribute in (
        ("withdrawalsRoot", "withdrawals_root"),
        ("blobGasUsed", "blob_gas_used"),
        ("excessBlobGas", "excess_blob_gas"),
        ("parentBeaconBlockRoot", "parent_beacon_block_root"),
        ("requestsHash", "requests_hash"),
    ):
        value = getattr(header, attribute, None)
        if value is not None:
            result[key] = quantity(value) if isinstance(value, int) else data(value)
    return result


def transaction_json(transaction, header, index: int) -> dict:
    """A transaction as eth_getTransactionByHash answers it; `header` is None while it is pending."""
    kind = tx_type(transaction)
    result = {
        "type": quantity(kind),
        "hash": data(transaction.hash),
        "nonce": quantity(transaction.nonce),
        "blockHash": None if header is None else data(header.hash),
        "blockNumber": None if header is None else quantity(header.block_number),
        "transactionIndex": None if header is None else quantity(index),
        "from": data(transaction.sender),
        "to": data(transaction.to) if transaction.to else None,
        "value": quantity(transaction.value),
        "gas": quantity(transaction.gas),
        "input": data(transaction.data),
    }
    if kind >= 2:
        result["maxFeePerGas"] = quantity(transaction.max_fee_per_gas)
        result["maxPriorityFeePerGas"] = quantity(transaction.max_priority_fee_per_gas)
        price = transaction.max_fee_per_gas if header is None else effective_gas_price(transaction, header)
        result["gasPrice"] = quantity(price)
    else:
        result["gasPrice"] = quantity(transaction.gas_price)
    if kind >= 1:
        result["chainId"] = quantity(transaction.chain_id)
        result["accessList"] = [
            {"address": data(address), "storageKeys": [data(key.to_bytes(32, "big")) for key in keys]}
            for address, keys in transaction.access_list
        ]
        result["yParity"] = quantity(transaction.y_parity)
        result["v"] = quantity(transaction.y_parity)
    else:
        result["v"] = quantity(transaction.v)
        if transaction.chain_id is not None:
            result["chainId"] = quantity(transaction.chain_id)
    result["r"] = quantity(transaction.r)
    result["s"] = quantity(transaction.s)
    return result


def log_json(log, header, tx_hash: bytes, tx_index: int, log_index: int) -> dict:
    return {
        "address": data(log.address),
        "topics": [data(topic.to_bytes(32, "big")) for topic in log.topics],
        "data": data(log.data),
        "blockNumber": quantity(header.block_number),
        "blockHash": data(header.hash),
        "transactionHash": data(tx_hash),
        "transactionIndex": quantity(tx_index),
        "logIndex": quantity(log_index),
        "removed": False,
    }


def receipt_json(chain: Chain, header, index: int, transaction) -> dict:
    from eth_utils import to_int

    receipts = chain.block_receipts(header)
    receipt = receipts[index]
    previous_gas = receipts[index - 1].gas_used if index else 0
    first_log_index = sum(len(r.logs) for r in receipts[:index])
    contract = None
    if not transaction.to:
        from eth_tester.utils.address import generate_contract_address

        contract = data(generate_contract_address(transaction.sender, transaction.nonce))
    return {
        "type": quantity(tx_type(transaction)),
        "transactionHash": data(transaction.hash),
        "transactionIndex": quantity(index),
        "blockHash": data(header.hash),
        "blockNumber": quantity(header.block_number),
        "from": data(transaction.sender),
        "to": data(transaction.to) if transaction.to else None,
        "contractAddress": contract,
        "cumulativeGasUsed": quantity(receipt.gas_used),
        "gasUsed": quantity(receipt.gas_used - previous_gas),
        "effectiveGasPrice": quantity(effective_gas_price(transaction, header)),
        "logs": [
            log_json(log, header, transaction.hash, index, first_log_index + offset)
            for offset, log in enumerate(receipt.logs)
        ],
        "logsBloom": data(receipt.bloom.to_bytes(256, "big")),
        # Receipts after Byzantium hold the status (b"\x01" or b"") where the state root was.
        "status": quantity(to_int(receipt.state_root)),
    }


# ---------------------------------------------------------------------------------------------------------------------
# Request parameters as eth-tester-style transactions and log filters.

TX_QUANTITIES = {
    "gas": "gas",
    "gasPrice": "gas_price",
    "maxFeePerGas": "max_fee_per_gas",
    "maxPriorityFeePerGas": "max_priority_fee_per_gas",
    "value": "value",
    "nonce": "nonce",
}


def parse_transaction(value: Any, chain_id: int, name: str = "transaction") -> dict:
    """A call or transaction object as the fields eth-tester's normalizer takes. Other fields are ignored, as geth
    ignores them; the type follows from the fee fields."""
    if not isinstance(value, dict):
        raise invalid(f"{name}: expected an object")
    tx: dict = {}
    for key, field in TX_QUANTITIES.items():
        if value.get(key) is not None:
            tx[field] = parse_quantity(value[key], f"{name}.{key}")
    if value.get("from") is not None:
        tx["from"] = parse_address(value["from"], f"{name}.from")
    if value.get("to") is not None:
        tx["to"] = parse_address(value["to"], f"{name}.to")
    payloads = {key: parse_data(value[key], f"{name}.{key}") for key in ("input", "data") if value.get(key) is not None}
    if len(set(payloads.values())) > 1:
        raise invalid(f"{name}: input and data differ; give one")
    if payloads:
        tx["data"] = next(iter(payloads.values()))
    if value.get("chainId") is not None and parse_quantity(value["chainId"], f"{name}.chainId") != chain_id:
        raise RPCError(-32000, f"{name}.chainId is not this chain's ({chain_id})")
    if value.get("accessList") is not None:
        tx["access_list"] = parse_access_list(value["accessList"], f"{name}.accessList")
    if "gas_price" in tx and ("max_fee_per_gas" in tx or "max_priority_fee_per_gas" in tx):
        raise invalid(f"{name}: give gasPrice or maxFeePerGas/maxPriorityFeePerGas, not both")
    return tx


def parse_access_list(value: Any, name: str) -> tuple:
    """An EIP-2930 access list as py-evm's (address, storage keys as integers) pairs."""
    if not isinstance(value, list):
        raise invalid(f"{name}: expected an array")
    entries = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get("storageKeys", []), list):
            raise invalid(f"{name}[{i}]: expected an object with address and storageKeys")
        address = parse_address(entry.get("address"), f"{name}[{i}].address")
        keys = tuple(
            int.from_bytes(parse_hash(key, f"{name}[{i}].storageKeys"), "big") for key in entry.get("storageKeys", [])
        )
        entries.append((address, keys))
    return tuple(entries)


def bloom_mask(value: bytes) -> int:
    """The bits `value` sets in a logs bloom."""
    from eth_bloom import BloomFilter

    return BloomFilter.from_iterable([value]).value


class LogFilter:
    """An eth_getLogs filter: a block range or one block's hash, addresses and topic positions."""

    def __init__(self, chain: Chain, value: Any):
        if not isinstance(value, dict):
            raise invalid("filter: expected an object")
        self.headers = self._headers(chain, value)
        address = value.get("address")
        if address is None:
            self.addresses = None
        elif isinstance(address, list):
            self.addresses = {parse_address(item, f"filter.address[{i}]") for i, item in enumerate(address)} or None
        else:
            self.addresses = {parse_address(address, "filter.address")}
        topics = value.get("topics") or []
        if not isinstance(topics, list) or len(topics) > 4:
            raise invalid("filter.topics: expected an array of at most 4 positions")
        self.topics: list[set[int] | None] = []
        for position, entry in enumerate(topics):
            key = f"filter.topics[{position}]"
            if entry is None:
                self.topics.append(None)
            elif isinstance(entry, list):
                alternatives = {int.from_bytes(parse_hash(item, key), "big") for item in entry if item is not None}
                self.topics.append(alternatives if alternatives and None not in entry else None)
            else:
                self.topics.append({int.from_bytes(parse_hash(entry, key), "big")})
        # Each value's bits in a block's logs bloom, computed once: a block lacking them has no matching log.
        self.address_masks = None if self.addresses is None else [bloom_mask(a) for a in self.addresses]
        self.topic_masks = [
            None if alternatives is None else [bloom_mask(topic.to_bytes(32, "big")) for topic in alternatives]
            for alternatives in self.topics
        ]

    @staticmethod
    def _headers(chain: Chain, value: dict):
        """The headers to read, lazily; a range past the head stops at the head, as geth's does."""
        if value.get("blockHash") is not None:
            if value.get("fromBlock") is not None or value.get("toBlock") is not None:
                raise invalid("filter: give blockHash or fromBlock/toBlock, not both")
            header = chain.header_by_hash(parse_hash(value["blockHash"], "filter.blockHash"))
            if header is None:
                raise RPCError(-32000, "unknown block")
            return [header]
        head = chain.head().block_number
        from_tag = value.get("fromBlock") or "latest"
        to_tag = value.get("toBlock") or "latest"
        first = chain.resolve_tag(from_tag, "filter.fromBlock")
        last = chain.resolve_tag(to_tag, "filter.toBlock")
        if from_tag not in BLOCK_TAGS and to_tag not in BLOCK_TAGS and int(from_tag, 16) > int(to_tag, 16):
            raise invalid("filter: fromBlock is after toBlock")
        first = head + 1 if first is None else first
        last = head if last is None else min(last, head)
        return (chain.header_by_number(number) for number in range(first, last + 1))

    def might_match(self, bloom: int) -> bool:
        """Whether a block's logs bloom admits a match; False means none of its logs can match."""
        if self.address_masks is not None and not any(bloom & mask == mask for mask in self.address_masks):
            return False
        return all(
            masks is None or any(bloom & mask == mask for mask in masks) for masks in self.topic_masks
        )

    def matches(self, log) -> bool:
        if self.addresses is not None and log.address not in self.addresses:
            return False
        if len(self.topics) > len(log.topics):
            # A position the log does not have matches only a wildcard.
            if any(alternatives is not None for alternatives in self.topics[len(log.topics) :]):
                return False
        return all(
            alternatives is None or log.topics[position] in alternatives
            for position, alternatives in enumerate(self.topics[: len(log.topics)])
        )

    def logs(self, chain: Chain) -> list[dict]:
        """Reads each block's receipts directly: eth-tester's own filter scans every block for each query."""
        results = []
        for header in self.headers:
            if not self.might_match(header.bloom):
                continue
            tx_hashes = chain.evm.chaindb.get_block_transaction_hashes(header)
            log_index = 0
            for tx_index, receipt in enumerate(chain.block_receipts(header)):
                for log in receipt.logs:
                    if self.matches(log):
                        results.append(log_json(log, header, tx_hashes[tx_index], tx_index, log_index))
                    log_index += 1
        return results


# ---------------------------------------------------------------------------------------------------------------------
# The JSON-RPC methods.


class RPC:
    def __init__(self, chain: Chain):
        self.chain = chain
        self.lock = threading.Lock()
        # name: (function, required params, optional params)
        self.methods: dict[str, tuple[Callable, int, int]] = {
            "eth_chainId": (lambda: quantity(chain.chain_id), 0, 0),
            "net_version": (lambda: str(chain.chain_id), 0, 0),
            "web3_clientVersion": (lambda: CLIENT_VERSION, 0, 0),
            "eth_blockNumber": (lambda: quantity(chain.head().block_number), 0, 0),
            "eth_accounts": (lambda: [data(a) for a in chain.accounts], 0, 0),
            "eth_gasPrice": (lambda: quantity(chain.pending_header().base_fee_per_gas + PRIORITY_FEE), 0, 0),
            "eth_maxPriorityFeePerGas": (lambda: quantity(PRIORITY_FEE), 0, 0),
            "eth_getBlockByNumber": (self.get_block_by_number, 1, 1),
            "eth_getBlockByHash": (self.get_block_by_hash, 1, 1),
            "eth_getCode": (self.get_code, 1, 1),
            "eth_getBalance": (self.get_balance, 1, 1),
            "eth_getTransactionCount": (self.get_transaction_count, 1, 1),
            "eth_getLogs": (lambda value: LogFilter(chain, value).logs(chain), 1, 0),
            "eth_sendRawTransaction": (lambda raw: data(chain.send_raw(parse_data(raw, "transaction"))), 1, 0),
            "eth_sendTransaction": (self.send_transaction, 1, 0),
            "eth_getTransactionReceipt": (self.get_transaction_receipt, 1, 0),
            "eth_getTransactionByHash": (self.get_transaction_by_hash, 1, 0),
            "eth_call": (self.call, 1, 1),
            "eth_estimateGas": (self.estimate_gas, 1, 1),
            "eth_feeHistory": (self.fee_history, 2, 1),
            "evm_mine": (self.mine, 0, 1),
            "evm_snapshot": (lambda: quantity(chain.snapshot()), 0, 0),
            "evm_revert": (self.revert, 1, 0),
            "evm_setAutomine": (self.set_automine, 1, 0),
        }

    # Dispatch --------------------------------------------------------------------------------------------------------

    def handle_body(self, body: bytes) -> bytes | None:
        """The response to a request body, or None when it held only notifications."""
        try:
            request = json.loads(body)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
            return encode(error_response(None, RPCError(-32700, f"parse error: {error}")))
        with self.lock:
            if isinstance(request, list):
                if not request:
                    return encode(error_response(None, RPCError(-32600, "invalid request: empty batch")))
                responses = [r for r in (self.handle(item) for item in request) if r is not None]
                return encode(responses) if responses else None
            response = self.handle(request)
        return None if response is None else encode(response)

    def handle(self, request: Any) -> dict | None:
        if not isinstance(request, dict):
            return error_response(None, RPCError(-32600, "invalid request: expected an object"))
        request_id = request.get("id")
        method = request.get("method")
        if not isinstance(method, str) or request.get("jsonrpc", "2.0") != "2.0":
            return error_response(request_id, RPCError(-32600, "invalid request: needs jsonrpc 2.0 and a method"))
        try:
            result = self.call_method(method, request.get("params", []))
        except RPCError as error:
            response = error_response(request_id, error)
        except Exception as error:  # a bug or an unforeseen input: answer it, never crash
            traceback.print_exc(file=sys.stderr)
            response = error_response(request_id, RPCError(-32603, f"internal error: {type(error).__name__}: {error}"))
        else:
            response = {"jsonrpc": "2.0", "id": request_id, "result": result}
        # A request without an id is a notification: it runs, and gets no answer.
        return response if "id" in request else None

    def call_method(self, method: str, params: Any) -> Any:
        entry = self.methods.get(method)
        if entry is None:
            raise RPCError(-32601, f"the method {method} does not exist/is not available")
        function, required, optional = entry
        if params is None:
            params = []
        if not isinstance(params, list):
            raise invalid(f"{method}: params must be an array")
        if not required <= len(params) <= required + optional:
            expected = f"{required}" if not optional else f"{required} to {required + optional}"
            raise invalid(f"{method}: expected {expected} params, got {len(params)}")
        return function(*params)

    # Methods ---------------------------------------------------------------------------------------------------------

    def get_block_by_number(self, tag: Any, full: Any = False) -> dict | None:
        number = self.chain.resolve_tag(tag, "block")
        full = parse_bool(full, "full transactions")
        if number is None:
            return None
        if number == self.chain.head().block_number + 1:
            return block_json(self.chain, self.chain.pending_header(), full, pending=True)
        return block_json(self.chain, self.chain.header_by_number(number), full)

    def get_block_by_hash(self, block_hash: Any, full: Any = False) -> dict | None:
        header = self.chain.header_by_hash(parse_hash(block_hash, "block hash"))
        return None if header is None else block_json(self.chain, header, parse_bool(full, "full transactions"))

    def get_code(self, address: Any, tag: Any = "latest") -> str:
        return data(self.chain.state_at(self.chain.state_header(tag)).get_code(parse_address(address, "address")))

    def get_balance(self, address: Any, tag: Any = "latest") -> str:
        state = self.chain.state_at(self.chain.state_header(tag))
        return quantity(state.get_balance(parse_address(address, "address")))

    def get_transaction_count(self, address: Any, tag: Any = "latest") -> str:
        state = self.chain.state_at(self.chain.state_header(tag))
        return quantity(state.get_nonce(parse_address(address, "address")))

    def send_transaction(self, value: Any) -> str:
        tx = parse_transaction(value, self.chain.chain_id)
        if "from" not in tx:
            raise invalid("transaction.from: missing")
        return data(self.chain.send(tx))

    def get_transaction_receipt(self, tx_hash: Any) -> dict | None:
        found = self.chain.find_transaction(parse_hash(tx_hash, "transaction hash"))
        if found is None or found[0] is None:
            return None
        header, index, transaction = found
        return receipt_json(self.chain, header, index, transaction)

    def get_transaction_by_hash(self, tx_hash: Any) -> dict | None:
        found = self.chain.find_transaction(parse_hash(tx_hash, "transaction hash"))
        return None if found is None else transaction_json(found[2], found[0], found[1])

    def call(self, value: Any, tag: Any = "latest") -> str:
        from eth.exceptions import Revert

        computation = self.chain.run(parse_transaction(value, self.chain.chain_id), self.chain.state_header(tag))
        if computation.is_error:
            if isinstance(computation.error, Revert):
                raise revert_error(computation.error)
            raise RPCError(-32000, str(computation.error) or type(computation.error).__name__)
        return data(computation.output)

    def estimate_gas(self, value: Any, tag: Any = "latest") -> str:
        tx = parse_transaction(value, self.chain.chain_id)
        return quantity(estimate_or_raise(self.chain, tx, self.chain.state_header(tag)))

    def fee_history(self, count: Any, newest: Any, percentiles: Any = None) -> dict:
        count = min(parse_count(count, "block count"), 1024)
        number = self.chain.resolve_tag(newest, "newest block")
        head = self.chain.head().block_number
        if number is None or number > head:
            number = head
        if percentiles is not None and (
            not isinstance(percentiles, list) or not all(isinstance(p, (int, float)) for p in percentiles)
        ):
            raise invalid("reward percentiles: expected an array of numbers")
        oldest = max(0, number - count + 1)
        headers = [self.chain.header_by_number(n) for n in range(oldest, number + 1)]
        # The base fee after the newest block is the pending block's (or the next one's, when it is not the head).
        following = self.chain.pending_header() if number == head else self.chain.header_by_number(number + 1)
        result = {
            "oldestBlock": quantity(oldest),
            "baseFeePerGas": [quantity(h.base_fee_per_gas) for h in headers + [following]],
            "gasUsedRatio": [h.gas_used / h.gas_limit for h in headers],
        }
        if percentiles:
            # Every transaction sent here pays the same tip by default: each percentile is that tip.
            result["reward"] = [[quantity(PRIORITY_FEE)] * len(percentiles) for _ in headers]
        return result

    def mine(self, count: Any = 1) -> str:
        self.chain.mine(parse_count(count, "block count"))
        return "0x0"

    def revert(self, snapshot_id: Any) -> bool:
        if isinstance(snapshot_id, bool) or not isinstance(snapshot_id, (int, str)):
            raise invalid(f"snapshot id: expected what evm_snapshot returned, got {json.dumps(snapshot_id)}")
        if isinstance(snapshot_id, str):
            snapshot_id = parse_quantity(snapshot_id, "snapshot id")
        return self.chain.revert(snapshot_id)

    def set_automine(self, enabled: Any) -> bool:
        self.chain.automine = parse_bool(enabled, "automine")
        return True


def error_response(request_id: Any, error: RPCError) -> dict:
    body: dict = {"code": error.code, "message": error.message}
    if error.data is not None:
        body["data"] = error.data
    return {"jsonrpc": "2.0", "id": request_id, "error": body}


def encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------------------------------
# Deployment: the same contracts, in the same order, from the same accounts, so the addresses never change.


CONTRACT_SOURCES = ("Token", "Aggregator", "Vault", "PerpMarket")


def start_compiler() -> subprocess.Popen:
    """Starts vyper on the contracts in a process of its own: it runs while the chain is built, and the compiler's
    memory never joins the server's."""
    files = [str(CONTRACTS_DIR / f"{name}.vy") for name in CONTRACT_SOURCES]
    return subprocess.Popen(
        [sys.executable, "-m", "vyper", "-f", "bytecode", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def compiled(compiler: subprocess.Popen) -> dict[str, bytes]:
    """Each contract's deployment bytecode: vyper prints one line per file, in order."""
    output, errors = compiler.communicate()
    if compiler.returncode != 0:
        raise SystemExit(f"localchain: vyper failed:\n{errors}")
    lines = output.split()
    return {name: bytes.fromhex(line.removeprefix("0x")) for name, line in zip(CONTRACT_SOURCES, lines, strict=True)}


def deploy(chain: Chain, code: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Deploys and sets up the protocol in block 1; returns the role accounts and the contracts' addresses.

    One block, not one per transaction: block timestamps must rise by a second each, so twenty blocks would put the
    chain's clock twenty seconds ahead of the wall clock from the start."""
    from eth_abi import encode as abi_encode
    from eth_tester.utils.address import generate_contract_address

    accounts = {role: chain.accounts[index] for role, index in ROLES.items()}
    deployer = accounts["deployer"]
    contracts: dict[str, bytes] = {}
    sent: list[bytes] = []
    chain.automine = False

    def send(sender: bytes, to: bytes | None, payload: bytes) -> None:
        tx = {"from": sender, "data": payload, "gas": SETUP_GAS}
        if to is not None:
            tx["to"] = to
        sent.append(chain.send(tx))

    def create(name: str, contract: str, types: list[str], args: list) -> None:
        address = generate_contract_address(deployer, chain.state_at(chain.pending_header()).get_nonce(deployer))
        send(deployer, None, code[contract] + abi_encode(types, args))
        contracts[name] = address

    token = ["string", "string", "uint8"]
    create("usdc", "Token", token, ["USD Coin", "USDC", 6])
    create("weth", "Token", token, ["Wrapped Ether", "WETH", 18])
    create("mngo", "Token", token, ["Mango", "MNGO", 6])
    create("eth_usd_feed", "Aggregator", ["int256"], [2000 * 10**8])
    create("mngo_usd_feed", "Aggregator", ["int256"], [2 * 10**6])  # 0.02
    create("usdc_usd_feed", "Aggregator", ["int256"], [10**8])  # the quote asset: a constant 1
    create("vault", "Vault", [], [])
    create("perp", "PerpMarket", ["address"], [contracts["eth_usd_feed"]])

    vault = contracts["vault"]
    listings = (("usdc", "usdc_usd_feed", 6), ("weth", "eth_usd_feed", 18), ("mngo", "mngo_usd_feed", 6))
    for token_name, feed, decimals in listings:
        payload = calldata("listToken(address,address,uint8)", contracts[token_name], contracts[feed], decimals)
        send(deployer, vault, payload)
    for market in ("vault", "perp"):
        send(deployer, contracts[market], calldata("setPauser(address)", accounts["pauser"]))
    mint = "mint(address,uint256)"
    for holder in ("alice", "attacker"):
        send(deployer, contracts["usdc"], calldata(mint, accounts[holder], USDC_PER_USER * 10**6))
    send(deployer, contracts["mngo"], calldata(mint, accounts["alice"], MNGO_ALICE * 10**6))
    send(deployer, contracts["mngo"], calldata(mint, accounts["attacker"], MNGO_ATTACKER * 10**6))
    # The vault's liquidity: the deployer's own deposit, which the borrow drains.
    liquidity = USDC_LIQUIDITY * 10**6
    send(deployer, contracts["usdc"], calldata(mint, deployer, liquidity))
    send(deployer, contracts["usdc"], calldata("approve(address,uint256)", vault, liquidity))
    send(deployer, vault, calldata("deposit(address,uint256)", contracts["usdc"], liquidity))

    chain.mine()
    chain.automine = True
    for tx_hash in sent:
        header, index, transaction = chain.find_transaction(tx_hash)
        if receipt_json(chain, header, index, transaction)["status"] != "0x1":
            raise SystemExit(f"localchain: setup transaction {data(tx_hash)} failed")
    return accounts, contracts


# ---------------------------------------------------------------------------------------------------------------------
# serve


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server_version = "localchain"
    rpc: RPC  # set on the subclass serve() makes

    def setup(self) -> None:
        super().setup()
        # Without it, a response's second segment waits for the client's delayed ACK: 40 ms per call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.reply(411, b"", close=True)
            return
        if not 0 <= length <= MAX_BODY_BYTES:
            self.reply(413, b"", close=True)
            return
        response = self.rpc.handle_body(self.rfile.read(length))
        if response is None:
            self.reply(204, b"")
        else:
            self.reply(200, response)

    def refuse(self) -> None:
        self.reply(405, b"", extra={"Allow": "POST"})

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = refuse

    def reply(self, status: int, body: bytes, close: bool = False, extra: dict | None = None) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown the output


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an idle keep-alive connection must not hold up the exit

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-request is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as file:
        file.write(text)
    os.replace(file.name, path)


def serve(args: argparse.Namespace) -> int:
    compiler = start_compiler()
    # Bind first, so a port in use fails at once; connections wait in the backlog until serve_forever runs.
    handler = type("BoundHandler", (Handler,), {})
    try:
        server = Server((args.host, args.port), handler)
    except OSError as error:
        compiler.kill()
        raise SystemExit(f"localchain: cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    chain = Chain(args.chain_id)
    accounts, contracts = deploy(chain, compiled(compiler))
    handler.rpc = RPC(chain)
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}"

    stop = threading.Event()
    # A parent may have started this process with its signals blocked (a Swift test's does): unblock them, or
    # SIGTERM would wait pending forever.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.stop_with_stdin:
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), stop.set()), name="stdin", daemon=True).start()
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="rpc", daemon=True)
    thread.start()
    if args.block_time > 0:
        chain.automine = False
        miner = threading.Thread(target=mine_every, args=(handler.rpc, args.block_time, stop), name="miner", daemon=True)
        miner.start()

    if args.state:
        state = {
            "rpc": url,
            "chain_id": chain.chain_id,
            "accounts": {role: data(address) for role, address in accounts.items()},
            "contracts": {name: data(address) for name, address in contracts.items()},
            "head": chain.head().block_number,
        }
        write_atomically(Path(args.state), json.dumps(state, indent=2) + "\n")
    print(f"localchain: listening on {url}", flush=True)

    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


def mine_every(rpc: RPC, seconds: float, stop: threading.Event) -> None:
    """Mines a block every `seconds` until `stop`, between requests (under the RPC lock)."""
    deadline = time.monotonic() + seconds
    while not stop.wait(max(0.0, deadline - time.monotonic())):
        with rpc.lock:
            try:
                rpc.chain.mine()
            except Exception:  # noqa: BLE001 - a failed block must not stop the chain's clock
                traceback.print_exc()
        # Behind (a long request held the lock): the next block a full interval from now, not a burst to catch up.
        deadline = max(deadline + seconds, time.monotonic())


# ---------------------------------------------------------------------------------------------------------------------
# drive


def drive(args: argparse.Namespace) -> int:
    from web3 import HTTPProvider, Web3
    from web3.exceptions import Web3Exception

    try:
        state = json.loads(Path(args.state).read_text())
    except (OSError, ValueError) as error:
        raise SystemExit(f"localchain drive: cannot read the state file {args.state}: {error}") from None
    w3 = Web3(HTTPProvider(state["rpc"]))
    if not w3.is_connected():
        raise SystemExit(f"localchain drive: no node answers at {state['rpc']}")
    accounts = {role: Web3.to_checksum_address(a) for role, a in state["accounts"].items()}
    contracts = {name: Web3.to_checksum_address(a) for name, a in state["contracts"].items()}

    def report(line: dict) -> None:
        print(json.dumps(line), flush=True)

    def send(step: str, sender: str, to: str, payload: bytes, may_revert: bool = False) -> None:
        tx = {"from": accounts[sender], "to": contracts[to], "data": payload}
        if may_revert:
            tx["gas"] = DRAIN_GAS  # no estimate, which would refuse a transaction that reverts
        try:
            tx_hash = w3.eth.send_transaction(tx)
            if args.mine:
                mine()
            receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30, poll_latency=0.05)
        except (Web3Exception, OSError) as error:
            # A revert arrives as (message, revert data); other errors as one message.
            raise SystemExit(f"localchain drive: {step} failed: {' '.join(map(str, error.args))}") from None
        line = {"step": step, "tx": "0x" + bytes(tx_hash).hex(), "block": receipt["blockNumber"]}
        line |= {"index": receipt["transactionIndex"], "status": receipt["status"]}
        if receipt["status"] != 1:
            if not may_revert:
                raise SystemExit(f"localchain drive: {step} reverted")
            line["reason"] = revert_reason(tx, receipt["blockNumber"])
        report(line)

    def mine() -> None:
        response = w3.provider.make_request("evm_mine", [1])
        if "error" in response:
            raise SystemExit(f"localchain drive: evm_mine failed: {response['error']}")

    def revert_reason(tx: dict, block: int) -> str:
        """Why `tx` reverted: its call replayed on the state after its block."""
        from eth_abi import decode as abi_decode

        try:
            w3.eth.call(tx, block)
        except Web3Exception as error:
            output = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], str) else ""
            digits = output.removeprefix("0x")
            raw = bytes.fromhex(digits) if HEX_RE.match(output) and len(digits) % 2 == 0 else b""
            if raw[:4] == ERROR_SELECTOR:  # Error(string)
                return abi_decode(["string"], raw[4:])[0]
            return str(error.args[0])
        return "none given"

    approve, deposit = "approve(address,uint256)", "deposit(address,uint256)"
    if args.scenario == "deposit":
        amount = ALICE_DEPOSIT_USDC * 10**6
        send("alice_approve_usdc", "alice", "usdc", calldata(approve, contracts["vault"], amount))
        send("alice_deposit_usdc", "alice", "vault", calldata(deposit, contracts["usdc"], amount))
    elif args.scenario == "mango":
        amount = ATTACKER_DEPOSIT_MNGO * 10**6
        send("attacker_approve_mngo", "attacker", "mngo", calldata(approve, contracts["vault"], amount))
        send("attacker_deposit_mngo", "attacker", "vault", calldata(deposit, contracts["mngo"], amount))
        # The feed's owner (the deployer) publishes the manipulated price: 0.02 -> 0.20 -> 0.40, a block each.
        for answer in MNGO_MANIPULATED_ANSWERS:
            step = f"mngo_feed_update_{answer / 10**8:.2f}"
            send(step, "deployer", "mngo_usd_feed", calldata("updateAnswer(int256)", answer))
        borrow = calldata("borrow(address,uint256)", contracts["usdc"], ATTACKER_BORROW_USDC * 10**6)
        send("attacker_borrow_usdc", "attacker", "vault", borrow)
    elif args.scenario == "drain":
        # What the attacker does next, without waiting for anyone: withdraws a slice of its collateral a block at a
        # time, which the inflated price still covers. Each reverts once the vault is paused.
        withdraw = calldata("withdraw(address,uint256)", contracts["mngo"], DRAIN_MNGO * 10**6)
        for number in range(1, args.count + 1):
            send(f"attacker_withdraw_mngo_{number}", "attacker", "vault", withdraw, may_revert=True)
    else:
        for _ in range(args.count):
            mine()
            report({"step": "mine", "block": w3.eth.block_number})
    return 0


# ---------------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="deploy the contracts and answer JSON-RPC")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve_parser.add_argument("--chain-id", type=int, default=DEFAULT_CHAIN_ID)
    serve_parser.add_argument(
        "--block-time", type=float, default=0, metavar="S", help="mine a block every S seconds (automine off)"
    )
    serve_parser.add_argument("--state", help="write the URL, accounts and addresses here once listening")
    serve_parser.add_argument(
        "--stop-with-stdin", action="store_true", help="stop when standard input closes (when its parent ends)"
    )
    drive_parser = commands.add_parser("drive", help="send a scenario's transactions to a running serve")
    drive_parser.add_argument("--state", required=True, help="the state file serve wrote")
    drive_parser.add_argument("--mine", action="store_true", help="mine a block after each transaction")
    scenarios = drive_parser.add_subparsers(dest="scenario", required=True)
    scenarios.add_parser("deposit", help="alice approves and deposits 1,000 USDC")
    scenarios.add_parser("mango", help="the Mango Markets exploit in miniature")
    drain = scenarios.add_parser("drain", help="the attacker withdraws 10,000 MNGO N times, a block each")
    drain.add_argument("count", type=int, metavar="N")
    quiet = scenarios.add_parser("quiet", help="mine N empty blocks")
    quiet.add_argument("count", type=int, metavar="N")
    args = parser.parse_args(argv)
    return serve(args) if args.command == "serve" else drive(args)


if __name__ == "__main__":
    sys.exit(main())
