"""PIN inputs never leave a hop: the end-of-session notice repeats the whole
input chain, so the tokens that answered PIN screens are masked before it is
stored. Without the session (expired) every 4-digit token is masked, since
any of them could be a PIN."""
from __future__ import annotations


def redacted_input(text: str, pin_positions: list[int] | None) -> str:
    tokens = text[:1000].split("*")
    if pin_positions is None:
        return "*".join("[PIN]" if len(t) == 4 and t.isdigit() else t for t in tokens)
    hidden = set(pin_positions)
    return "*".join("[PIN]" if i in hidden else t for i, t in enumerate(tokens))
