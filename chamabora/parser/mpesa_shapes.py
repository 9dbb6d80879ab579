"""A cheaper road through the M-Pesa grammar for message shapes seen before.

Lark spends most of a parse on bookkeeping around each token (token
objects with line counts, a parse-table lookup and a chain of wrappers per
action), not on the regular expressions. Confirmations come in a few dozen
shapes: the same sequence of terminal types with different values. So this
module walks the text with Lark's own contextual lexers, follows a trie of
terminal-type sequences whose nodes know the LALR parser state (and so which
contextual lexer reads the next token), and once the text is consumed
replays the shape's recorded shift/reduce actions through Lark's own rule
callbacks (the same `MpesaTransformer`). A node is made the first time its
shape prefix is seen, by stepping Lark's parse table.

The result is therefore Lark's, by construction: the same lexer patterns in
the same order pick the same tokens, LALR is deterministic over token types,
and the same callbacks run in the same order. Anything else (a lexer or
grammar error, an impossible value, a full trie) returns None and the caller
asks Lark, so every failure keeps Lark's exact exception.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from chamabora.core.errors import ChamaError

from .mpesa_transformer import BadValue

MAX_NODES = 20_000   # distinct shape prefixes kept; forged text could otherwise grow the trie without end
_END = "$END"
# An action is a rule's (callback, size) to reduce, or a shift of the next token: its terminal name when
# the transformer sees it, or None when every rule's child filter drops it unread ("_CONFIRMED"), where
# its bare text stands in for a Token object (making a Token costs as much as matching it).


@dataclass(slots=True)
class _Node:
    """A prefix of terminal types: the parser's state stack after shifting it, and what it replays."""

    stack: tuple[int, ...]
    match: Callable                      # the contextual lexer's matcher for this state
    ignore: frozenset[str]
    actions: tuple                       # shifts and reductions up to the last shift (see above)
    next: dict[str, _Node | None] = field(default_factory=dict)
    finish: tuple | None = None          # the reductions $END triggers; () before it is known
    finish_known: bool = False


class Shapes:
    """The trie over one Lark LALR parser built with the contextual lexer and an inline transformer."""

    def __init__(self, lark: Lark) -> None:
        frontend = lark.parser
        if lark.lexer_conf.callbacks or frontend.lexer_conf.postlex is not None:
            raise ValueError("lexer callbacks and postlexers are not replayed")
        self._lexers = frontend.lexer.lexers
        table = frontend.parser.parser.parse_table
        self._states = table.states
        start = next(iter(table.start_states))
        self._end_state = table.end_states[start]
        self._callbacks = frontend.parser.parser.callbacks
        if any(isinstance(key, str) for key in self._callbacks):
            raise ValueError("terminal callbacks are not replayed")
        self._dropped = _dropped_terminals(lark)
        self._nodes = 0
        self._root = self._node((table.start_states[start],), ())

    def parse(self, text: str) -> object | None:
        """What Lark's `parse(text)` returns, or None when Lark must be asked."""
        node, lexemes, pos, end = self._root, [], 0, len(text)
        while pos < end:
            found = node.match(text, pos)
            if found is None:
                return None
            value = found.group(0)
            kind = found.lastgroup
            if kind not in node.ignore:
                lexemes.append((value, pos))
                after = node.next.get(kind, False)
                node = self._grow(node, kind) if after is False else after
                if node is None:
                    return None
            pos += len(value)
        if not node.finish_known:
            self._finish(node)
        if node.finish is None:
            return None
        try:
            return self._replay(node.actions + node.finish, lexemes)
        except (BadValue, ChamaError, ValueError):
            return None

    def _replay(self, actions: tuple, lexemes: list[tuple[str, int]]) -> object:
        values: list = []
        shifted = iter(lexemes)
        for action in actions:
            if action.__class__ is not tuple:
                value, pos = next(shifted)
                values.append(value if action is None else Token(action, value, pos))
                continue
            callback, size = action
            if size:
                children = values[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children))
        return values[-1]

    def _node(self, stack: tuple[int, ...], actions: tuple) -> _Node:
        lexer = self._lexers[stack[-1]]
        mres = lexer.scanner._mres
        match = mres[0].match if len(mres) == 1 else _first_of(mres)
        self._nodes += 1
        return _Node(stack, match, lexer.ignore_types, actions)

    def _step(self, stack: list[int], kind: str) -> list | None:
        """Lark's feed_token over types alone: the actions, or None on a syntax error."""
        actions: list = []
        while True:
            found = self._states[stack[-1]].get(kind)
            if found is None:
                return None
            action, arg = found
            if action is Shift:
                if kind == _END:
                    return None
                stack.append(arg)
                actions.append(None if kind in self._dropped else kind)
                return actions
            size = len(arg.expansion)
            if size:
                del stack[-size:]
            actions.append((self._callbacks[arg], size))
            action, target = self._states[stack[-1]][arg.origin.name]
            stack.append(target)
            if kind == _END and stack[-1] == self._end_state:
                return actions

    def _grow(self, parent: _Node, kind: str) -> _Node | None:
        if self._nodes >= MAX_NODES:
            return None
        stack = list(parent.stack)
        actions = self._step(stack, kind)
        child = None if actions is None else self._node(tuple(stack), parent.actions + tuple(actions))
        parent.next[kind] = child
        return child

    def _finish(self, node: _Node) -> None:
        actions = self._step(list(node.stack), _END)
        node.finish = None if actions is None else tuple(actions)
        node.finish_known = True


def _dropped_terminals(lark: Lark) -> frozenset[str]:
    """Terminals no rule's callback ever sees: filtered out everywhere they occur."""
    seen, kept = set(), set()
    for rule in lark.rules:
        for symbol in rule.expansion:
            if symbol.is_term:
                seen.add(symbol.name)
                if not symbol.filter_out or rule.options.keep_all_tokens:
                    kept.add(symbol.name)
    return frozenset(seen - kept)


def _first_of(mres: list) -> Callable:
    """Lark's Scanner.match when its terminals needed several regular expressions."""
    def match(text: str, pos: int):  # type: ignore[no-untyped-def]
        for mre in mres:
            found = mre.match(text, pos)
            if found:
                return found
        return None
    return match
