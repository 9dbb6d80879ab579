"""The officers' views and group goals' part of the command transformer:
`MEMBERS`, `PENDING`, `LOG` (each with an optional page and chama),
`GROUP GOAL ...` and `GOALS`. A base of `CommandTransformer`, like
`RuleTransformer`."""
from __future__ import annotations

from datetime import date

from lark import Token, Transformer, v_args

from chamabora.core import commands as c
from chamabora.core.money import Money

from chamabora.parser.command_build import build


@v_args(inline=True)
class OfficerTransformer(Transformer):
    def VIEW_PAGE(self, token: Token) -> int:
        return int(token)

    def list_members(self, *values: int | str) -> c.Command:
        return self._paged("list_members", values)

    def list_pending(self, *values: int | str) -> c.Command:
        return self._paged("list_pending", values)

    def show_log(self, *values: int | str) -> c.Command:
        return self._paged("show_log", values)

    def set_group_goal(self, name: str, target: Money, by: date) -> c.Command:
        return build("set_group_goal", name, target, by)

    def list_goals(self, *values: int | str) -> c.Command:
        return self._paged("list_goals", values)

    def _paged(self, intent: str, values: tuple[int | str, ...]) -> c.Command:
        page = next((v for v in values if isinstance(v, int)), 1)
        chama = next((v for v in values if isinstance(v, str)), None)
        return build(intent, page, chama)
