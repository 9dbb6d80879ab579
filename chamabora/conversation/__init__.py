"""The conversation engine every channel shares.

A channel adapter turns a provider's request into an `Inbound`; the engine
reads it (M-Pesa confirmation or command), hands the command to its one
handler, and returns a localised `Reply`. USSD menus finish by producing the
same command objects, so each command has exactly one handler.

Adding a handler: decorate a function `(turn, command) -> Reply` with
`@handles(CommandType)` in a module under `handlers/`, and import that module
in `handlers/__init__.py`. Handlers call services only: no SQL here.
Member-facing strings go through `turn.t(...)` (gettext msgids in English;
the shared templates in `chamabora/i18n/members.py` and `officers.py`);
Swahili lives in `i18n/locale/sw/LC_MESSAGES/*.po`,
one .po file per area (every file there is loaded), and a test fails when a
msgid used in code has no Swahili.
"""
