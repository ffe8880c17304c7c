"""Every symbol the desk draws, in one table per character set, so a plain terminal never shows tofu.

Jump hosts and old terminals often lack fonts for check marks or run with a non-UTF-8 locale. The
no-unicode mode swaps the whole table for plain ASCII; widgets ask `glyphs_for(...)` instead of spelling
symbols inline, so nothing is missed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Checkbox marks, status marks and the little separators used in titles."""

    checked: str
    unchecked: str
    ready: str
    error: str
    running: str
    posted: str
    cancelled: str
    separator: str
    ellipsis: str
    arrow: str

    @property
    def is_unicode(self) -> bool:
        return self is UNICODE_GLYPHS


UNICODE_GLYPHS = Glyphs(
    checked="[✓]",
    unchecked="[ ]",
    ready="✔",
    error="✘",
    running="⟳",
    posted="●",
    cancelled="⊘",
    separator="·",
    ellipsis="…",
    arrow="→",
)

ASCII_GLYPHS = Glyphs(
    checked="[x]",
    unchecked="[ ]",
    ready="+",
    error="!",
    running="*",
    posted="=",
    cancelled="-",
    separator="|",
    ellipsis="...",
    arrow="->",
)


def glyphs_for(unicode: bool) -> Glyphs:
    return UNICODE_GLYPHS if unicode else ASCII_GLYPHS


def terminal_speaks_unicode(stream: TextIO | None = None) -> bool:
    """Whether the output stream's encoding can carry the unicode glyphs (the default when the config is silent)."""
    encoding = getattr(stream or sys.__stdout__, "encoding", None) or ""
    return encoding.lower().replace("-", "").startswith("utf")
