"""One handler per command type, looked up in a plain dict.

Gating (subscription plans) belongs here, in one place, not in handlers:
`gates` is a list of callables `(turn, command) -> Reply | None` run before
the handler; the first that answers stops the command.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn

Handler = Callable[[Turn, object], Reply]
Gate = Callable[[Turn, object], Reply | None]
HANDLERS: dict[type, Handler] = {}
GATES: list[Gate] = []
# Commands whose handlers only read: they need no savepoint to undo a refusal,
# which saves two round trips on the screens members open most (balance).
READ_ONLY: set[type] = set()
C = TypeVar("C")


def handles(command_type: type[C], *, reads_only: bool = False
            ) -> Callable[[Callable[[Turn, C], Reply]], Callable[[Turn, C], Reply]]:
    def register(handler: Callable[[Turn, C], Reply]) -> Callable[[Turn, C], Reply]:
        if command_type in HANDLERS:
            raise RuntimeError(f"{command_type.__name__} already has a handler")
        HANDLERS[command_type] = handler  # type: ignore[assignment]
        if reads_only:
            READ_ONLY.add(command_type)
        return handler
    return register


def dispatch(turn: Turn, command: object) -> Reply:
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise LookupError(f"no handler for {type(command).__name__}")
    for gate in GATES:
        refusal = gate(turn, command)
        if refusal is not None:
            return refusal
    return handler(turn, command)
