"""The facts support staff ask for first, gathered in one place and safe to paste into a ticket.

Versions, profile, paths, theme, terminal. Free-form details from wiring are redacted by name (anything
that sounds like a key, token, secret or password) and by shape (HTTP auth values), because a debug report
travels by e-mail and chat.
"""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata

from tui_ledger import __version__

MASK = "*** (redacted)"

_SECRET_WORDS = frozenset(
    {"key", "apikey", "secret", "token", "password", "passwd", "saskey", "authorization", "credentials", "privatekey"}
)
_SECRET_VALUE = re.compile(r"^\s*(basic|bearer)\s+\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fact:
    section: str
    label: str
    value: str


def looks_secret(label: str, value: str) -> bool:
    """A label naming a secret (e.g. `private key`, `client_secret`, `sasKey`) or an HTTP auth value."""
    words = {word for word in re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", label).lower()) if word}
    joined = re.sub(r"[^a-z]", "", label.lower())
    return bool(words & _SECRET_WORDS) or joined in _SECRET_WORDS or bool(_SECRET_VALUE.match(value))


def redacted(details: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(label, MASK if looks_secret(label, value) else value) for label, value in details.items()]


def runtime_versions() -> list[tuple[str, str]]:
    """What is installed and running; replaced in snapshot tests so they do not depend on the machine."""
    return [
        ("tui-ledger", __version__),
        ("Textual", metadata.version("textual")),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Platform", platform.platform(terse=True)),
    ]


def terminal_description() -> str:
    term = os.environ.get("TERM", "unknown")
    colour = os.environ.get("COLORTERM")
    return f"{term}, {colour}" if colour else term


def report_text(facts: Iterable[Fact]) -> str:
    """Plain text for the clipboard: one `label: value` line per fact, under section headings."""
    lines: list[str] = ["tui-ledger debug report"]
    section = None
    for fact in facts:
        if fact.section != section:
            section = fact.section
            lines += ["", f"[{section}]"]
        lines.append(f"{fact.label}: {fact.value}")
    return "\n".join(lines) + "\n"
