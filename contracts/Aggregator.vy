# pragma version ~=0.4.3
"""
@title Aggregator
@notice A Chainlink-style price feed whose owner publishes each answer: the oracle a manipulator controls.
"""

event AnswerUpdated:
    current: indexed(int256)
    roundId: indexed(uint256)
    updatedAt: uint256

decimals: public(uint8)
latestAnswer: public(int256)
latestRound: public(uint256)
latestTimestamp: public(uint256)
owner: public(address)


@deploy
def __init__(initial_answer: int256):
    self.decimals = 8
    self.owner = msg.sender
    # The first answer is published at deployment, so round 1 exists from the start.
    self._update(initial_answer)


@internal
def _update(answer: int256):
    self.latestRound += 1
    self.latestAnswer = answer
    self.latestTimestamp = block.timestamp
    log AnswerUpdated(current=answer, roundId=self.latestRound, updatedAt=block.timestamp)


@external
def updateAnswer(answer: int256):
    assert msg.sender == self.owner, "only the owner updates the answer"
    self._update(answer)


@view
@external
def latestRoundData() -> (uint80, int256, uint256, uint256, uint80):
    # (roundId, answer, startedAt, updatedAt, answeredInRound): every round is answered in the block it starts.
    round_id: uint80 = convert(self.latestRound, uint80)
    return (round_id, self.latestAnswer, self.latestTimestamp, self.latestTimestamp, round_id)
