"""Key-binding overrides from `[keys]`: binding id → key, restricted to keys every terminal can send.

The desk is used over SSH on jump hosts where exotic combinations vanish on the way: only letters, digits,
F-keys, arrows and ctrl combinations of those are accepted (DESIGN.md §8). Several keys may be given
separated by commas. Which ids exist is the UI's knowledge; `unknown_binding_ids` compares against it so a
typo in an id is reported rather than silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

_FUNCTION_KEY = r"f(?:[1-9]|1[0-9]|2[0-4])"
_ARROW = r"up|down|left|right"
_PLAIN_KEY = re.compile(rf"[A-Za-z0-9]|{_FUNCTION_KEY}|{_ARROW}")
_CTRL_KEY = re.compile(rf"ctrl\+(?:shift\+)?(?:[a-z0-9]|{_FUNCTION_KEY}|{_ARROW})")
_BINDING_ID = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*")

ALLOWED_KEYS_HINT = (
    'a letter, a digit, an F-key (f1..f24), an arrow (up/down/left/right) or ctrl+ one of those, e.g. "ctrl+r"'
)


def normalize_key(text: str) -> str:
    """`Ctrl+R` → `ctrl+r`, `F5` → `f5`; a single letter keeps its case (`R` is shift+r in Textual)."""
    key = text.strip()
    if len(key) == 1:
        return key
    return key.lower()


def validate_keys(value: object) -> str:
    """A comma-separated list of allowed keys, normalised; anything else is a ValueError saying what is allowed."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a key: {ALLOWED_KEYS_HINT}")
    keys = [normalize_key(part) for part in value.split(",")]
    for key in keys:
        if not (_PLAIN_KEY.fullmatch(key) or _CTRL_KEY.fullmatch(key)):
            raise ValueError(f'"{key}" is not a key tui-ledger accepts; expected {ALLOWED_KEYS_HINT}')
    return ",".join(keys)


def validate_binding_id(value: str) -> str:
    if not _BINDING_ID.fullmatch(value):
        raise ValueError(f'"{value}" is not a binding id; expected dotted lower-case words such as "export.retrieve"')
    return value


def unknown_binding_ids(overrides: Mapping[str, str], known_ids: Collection[str]) -> tuple[str, ...]:
    """The overridden ids the UI does not define, sorted, for a warning that names them."""
    return tuple(sorted(binding_id for binding_id in overrides if binding_id not in known_ids))
