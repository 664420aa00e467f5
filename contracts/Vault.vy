# pragma version ~=0.4.3
"""
@title Vault
@notice Deposits, withdrawals and borrows of listed tokens against collateral valued at each token's aggregator.
@dev The solvency check trusts the aggregators' latest answers: an account whose collateral is a thin token with a
     manipulated feed borrows everything, as in the Mango Markets exploit (October 2022).
"""

from ethereum.ercs import IERC20

interface Feed:
    def latestAnswer() -> int256: view

event Deposit:
    account: indexed(address)
    token: indexed(address)
    amount: uint256

event Withdraw:
    account: indexed(address)
    token: indexed(address)
    amount: uint256

event Borrow:
    account: indexed(address)
    token: indexed(address)
    amount: uint256

event Paused:
    by: indexed(address)

event Unpaused:
    by: indexed(address)

struct Listing:
    feed: address
    decimals: uint8
    listed: bool

# Values are in USD with 26 decimals: an amount scaled to 18 decimals times an 8-decimal price.
VALUE_DECIMALS: constant(uint8) = 18
MAX_TOKENS: constant(uint256) = 16

owner: public(address)
pauser: public(address)
paused: public(bool)

tokens: public(DynArray[address, MAX_TOKENS])
listings: public(HashMap[address, Listing])
deposits: public(HashMap[address, HashMap[address, uint256]])
debts: public(HashMap[address, HashMap[address, uint256]])


@deploy
def __init__():
    self.owner = msg.sender
    self.pauser = msg.sender


@external
def listToken(token: address, feed: address, decimals: uint8):
    assert msg.sender == self.owner, "only the owner lists tokens"
    assert not self.listings[token].listed, "already listed"
    assert decimals <= VALUE_DECIMALS, "at most 18 decimals"
    self.listings[token] = Listing(feed=feed, decimals=decimals, listed=True)
    self.tokens.append(token)


@view
@internal
def _value(token: address, amount: uint256) -> uint256:
    listing: Listing = self.listings[token]
    price: int256 = staticcall Feed(listing.feed).latestAnswer()
    assert price > 0, "no price"
    return amount * 10 ** convert(VALUE_DECIMALS - listing.decimals, uint256) * convert(price, uint256)


@view
@external
def collateralValue(account: address) -> uint256:
    """@notice The account's deposits at the aggregators' latest answers (USD, 26 decimals)."""
    total: uint256 = 0
    for token: address in self.tokens:
        total += self._value(token, self.deposits[account][token])
    return total


@view
@external
def debtValue(account: address) -> uint256:
    """@notice The account's debts at the aggregators' latest answers (USD, 26 decimals)."""
    total: uint256 = 0
    for token: address in self.tokens:
        total += self._value(token, self.debts[account][token])
    return total


@view
@internal
def _solvent(account: address) -> bool:
    collateral: uint256 = 0
    debt: uint256 = 0
    for token: address in self.tokens:
        collateral += self._value(token, self.deposits[account][token])
        debt += self._value(token, self.debts[account][token])
    return collateral >= debt


@external
def deposit(token: address, amount: uint256):
    assert not self.paused, "paused"
    assert self.listings[token].listed, "token not listed"
    assert amount > 0, "nothing to deposit"
    assert extcall IERC20(token).transferFrom(msg.sender, self, amount), "transfer failed"
    self.deposits[msg.sender][token] += amount
    log Deposit(account=msg.sender, token=token, amount=amount)


@external
def withdraw(token: address, amount: uint256):
    assert not self.paused, "paused"
    assert self.deposits[msg.sender][token] >= amount, "more than deposited"
    self.deposits[msg.sender][token] -= amount
    assert self._solvent(msg.sender), "withdrawal leaves the account insolvent"
    assert extcall IERC20(token).transfer(msg.sender, amount), "transfer failed"
    log Withdraw(account=msg.sender, token=token, amount=amount)


@external
def borrow(token: address, amount: uint256):
    assert not self.paused, "paused"
    assert self.listings[token].listed, "token not listed"
    assert amount > 0, "nothing to borrow"
    self.debts[msg.sender][token] += amount
    # The protocol's own check: collateral at the latest answers covers the debt. A manipulated feed passes it.
    assert self._solvent(msg.sender), "collateral does not cover the debt"
    assert extcall IERC20(token).transfer(msg.sender, amount), "transfer failed"
    log Borrow(account=msg.sender, token=token, amount=amount)


@external
def pause():
    assert msg.sender == self.pauser, "only the pauser pauses"
    assert not self.paused, "already paused"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    assert msg.sender == self.owner, "only the owner unpauses"
    assert self.paused, "not paused"
    self.paused = False
    log Unpaused(by=msg.sender)


@external
def setPauser(pauser: address):
    assert msg.sender == self.owner, "only the owner sets the pauser"
    self.pauser = pauser
