"""Merry-go-round order: who receives each cycle's pot.

Rules (DESIGN.md §5): everyone receives exactly once per round; the order is
join order, a seeded random draw that anyone can re-run from the published
seed, or set by the chair. A member who joins after a round has started goes
to the end of that round, in join order, so nobody already waiting is pushed
back.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from chamabora.core.chama import RotationMode
from chamabora.core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Seat:
    membership_id: int
    join_seq: int
    joined_cycle: int
    chair_position: int | None = None


def round_order(seats: list[Seat], mode: RotationMode, seed: int, round_no: int,
                round_start_cycle: int) -> list[int]:
    """Membership ids in the order they receive during round `round_no`."""
    founders = sorted((s for s in seats if s.joined_cycle <= round_start_cycle),
                      key=lambda s: s.join_seq)
    latecomers = sorted((s for s in seats if s.joined_cycle > round_start_cycle),
                        key=lambda s: s.join_seq)
    if mode is RotationMode.RANDOM_DRAW:
        founders = list(founders)
        random.Random(f"{seed}:{round_no}").shuffle(founders)
    elif mode is RotationMode.CHAIR_SET:
        founders.sort(key=lambda s: (s.chair_position is None, s.chair_position or 0, s.join_seq))
    return [s.membership_id for s in founders + latecomers]


def next_recipient(order: list[int], received: set[int]) -> int | None:
    """The first in order who has not yet received this round; None when the round is done."""
    for membership_id in order:
        if membership_id not in received:
            return membership_id
    return None


def validate_chair_order(order: list[int], active: set[int]) -> None:
    if len(set(order)) != len(order) or not set(order) <= active:
        raise InvalidInput("the order must list active members once each")
