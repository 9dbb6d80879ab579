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
and the same callbacks run in the same order. Text that breaks the grammar
raises `GrammarBreak` at the position Lark's `UnexpectedInput` would name,
after running the callbacks Lark runs before it notices. When one of those
callbacks raises (an impossible value), or the trie is full, the answer is
None and the caller asks Lark, which reports it its own way.

Why this is kept rather than Lark's public `parse` alone: measured beside
each other on 2026-12-04 (the cited corpus and the real set, CPU time on one
core, a shared machine), the trie reads 11,100-13,400 messages per CPU
second and Lark's public API alone 7,000-7,200, under the 10,000 msg/s
floor (docs/BENCHMARKS.md, "M-Pesa parser and fraud scoring, real messages").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from chamabora.core.errors import ChamaError

from chamabora.parser.mpesa_transformer import BadValue

MAX_NODES = 20_000   # distinct shape prefixes kept; forged text could otherwise grow the trie without end
_END = "$END"
# An action is a rule's (callback, size) to reduce, or a shift of the next token: its terminal name when
# the transformer sees it, or None when every rule's child filter drops it unread ("_CONFIRMED"), where
# its bare text stands in for a Token object (making a Token costs as much as matching it).


class GrammarBreak(Exception):
    """The text breaks the grammar; `pos_in_stream` is where, as on Lark's UnexpectedInput."""

    def __init__(self, position: int) -> None:
        super().__init__(f"breaks the grammar at {position}")
        self.pos_in_stream = position


@dataclass(frozen=True, slots=True)
class _Dead:
    """A terminal (or $END) the parser has no action for after this prefix."""

    actions: tuple                       # the reductions Lark still runs on it before it gives up


@dataclass(frozen=True, slots=True)
class _Plan:
    """A whole shape's actions as straight-line steps, made once per shape: the shifted tokens fill the
    first slots, and each reduction takes the slots its children are in and fills the next one."""

    kinds: tuple[str | None, ...]        # per token: its terminal name, or None for its bare text
    steps: tuple[tuple[Callable, tuple[int, ...]], ...]

    @classmethod
    def of(cls, actions: tuple) -> _Plan:
        kinds = tuple(action for action in actions if action.__class__ is not tuple)
        stack: list[int] = []
        steps: list[tuple[Callable, tuple[int, ...]]] = []
        shifted = 0
        for action in actions:
            if action.__class__ is not tuple:
                stack.append(shifted)
                shifted += 1
            else:
                callback, size = action
                refs = tuple(stack[-size:]) if size else ()
                if size:
                    del stack[-size:]
                stack.append(len(kinds) + len(steps))
                steps.append((callback, refs))
        return cls(kinds, tuple(steps))

    def run(self, lexemes: list[tuple[str, int]]) -> object:
        slots = [value if kind is None else Token(kind, value, pos) for kind, (value, pos) in zip(self.kinds, lexemes)]
        for callback, refs in self.steps:
            slots.append(callback([slots[i] for i in refs]))
        return slots[-1]


@dataclass(slots=True)
class _Node:
    """A prefix of terminal types: the parser's state stack after shifting it, and what it replays."""

    stack: tuple[int, ...]
    match: Callable                      # the contextual lexer's matcher for this state
    ignore: frozenset[str]
    actions: tuple                       # shifts and reductions up to the last shift (see above)
    next: dict[str, _Node | _Dead] = field(default_factory=dict)
    finish: _Plan | _Dead | None = None  # what $END does here; None until first needed


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
        """What Lark's `parse(text)` returns, or None when Lark must be asked; raises GrammarBreak."""
        node, lexemes, pos, end = self._root, [], 0, len(text)
        while pos < end:
            found = node.match(text, pos)
            if found is None:
                return self._broken(node.actions, lexemes, pos)
            value = found.group(0)
            kind = found.lastgroup
            if kind not in node.ignore:
                lexemes.append((value, pos))
                after = node.next.get(kind) or self._grow(node, kind)
                if after is None:
                    return None
                if after.__class__ is _Dead:
                    return self._broken(node.actions + after.actions, lexemes, pos)
                node = after
            pos += len(value)
        finish = node.finish or self._finish(node)
        if finish is None:
            return None
        if finish.__class__ is _Dead:
            # Lark's $END token borrows the last token's position (0 when there was none)
            return self._broken(node.actions + finish.actions, lexemes, lexemes[-1][1] if lexemes else 0)
        try:
            return finish.run(lexemes)
        except (BadValue, ChamaError, ValueError):
            return None

    def _broken(self, actions: tuple, lexemes: list[tuple[str, int]], position: int) -> None:
        try:
            self._replay(actions, lexemes)
        except (BadValue, ChamaError, ValueError):
            return None  # Lark reports this value before it reaches the break
        raise GrammarBreak(position)

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
        return values[-1] if values else None

    def _node(self, stack: tuple[int, ...], actions: tuple) -> _Node:
        lexer = self._lexers[stack[-1]]
        mres = lexer.scanner._mres
        match = mres[0].match if len(mres) == 1 else _first_of(mres)
        self._nodes += 1
        return _Node(stack, match, lexer.ignore_types, actions)

    def _step(self, stack: list[int], kind: str) -> tuple[list, bool | None]:
        """Lark's feed_token over types alone: the actions, and True (shifted or accepted), False (no
        action: a syntax error) or None (a shift of $END, which Lark treats as its own bug)."""
        actions: list = []
        while True:
            found = self._states[stack[-1]].get(kind)
            if found is None:
                return actions, False
            action, arg = found
            if action is Shift:
                if kind == _END:
                    return actions, None
                stack.append(arg)
                actions.append(None if kind in self._dropped else kind)
                return actions, True
            size = len(arg.expansion)
            if size:
                del stack[-size:]
            actions.append((self._callbacks[arg], size))
            action, target = self._states[stack[-1]][arg.origin.name]
            stack.append(target)
            if kind == _END and stack[-1] == self._end_state:
                return actions, True

    def _grow(self, parent: _Node, kind: str) -> _Node | _Dead | None:
        if self._nodes >= MAX_NODES:
            return None
        stack = list(parent.stack)
        actions, ok = self._step(stack, kind)
        if ok is None:
            return None
        child: _Node | _Dead
        if ok:
            child = self._node(tuple(stack), parent.actions + tuple(actions))
        else:
            child, self._nodes = _Dead(tuple(actions)), self._nodes + 1
        parent.next[kind] = child
        return child

    def _finish(self, node: _Node) -> _Plan | _Dead | None:
        actions, ok = self._step(list(node.stack), _END)
        if ok is None:
            return None
        node.finish = _Plan.of(node.actions + tuple(actions)) if ok else _Dead(tuple(actions))
        return node.finish


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
