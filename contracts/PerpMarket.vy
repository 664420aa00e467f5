# pragma version ~=0.4.3
"""
@title PerpMarket
@notice A perpetual market in miniature: each trade is recorded at its aggregator's latest answer.
"""

interface Feed:
    def latestAnswer() -> int256: view

# size: signed, 18 decimals (positive buys, negative sells); price: the aggregator's answer, 8 decimals.
event Trade:
    account: indexed(address)
    size: int256
    price: uint256

event Paused:
    by: indexed(address)

event Unpaused:
    by: indexed(address)

owner: public(address)
pauser: public(address)
paused: public(bool)
feed: public(address)
positions: public(HashMap[address, int256])


@deploy
def __init__(feed: address):
    self.owner = msg.sender
    self.pauser = msg.sender
    self.feed = feed


@external
def trade(size: int256):
    assert not self.paused, "paused"
    assert size != 0, "nothing to trade"
    price: int256 = staticcall Feed(self.feed).latestAnswer()
    assert price > 0, "no price"
    self.positions[msg.sender] += size
    log Trade(account=msg.sender, size=size, price=convert(price, uint256))


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
