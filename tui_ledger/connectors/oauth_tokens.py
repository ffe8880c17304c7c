"""Where the OAuth connectors (Xero, QuickBooks Online) keep their token sets, and the in-memory keeper they share.

Both packages rotate refresh tokens, so both connectors hand every new token set to a `TokenSink` before using it.
The token sets themselves differ (Xero keeps the chosen organisation, QuickBooks the realm and a refresh expiry) and
live with each connector; what a sink is, and the sink that keeps tokens in memory only, are the same for both and
live here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class TokenSink(Protocol):
    """Where an OAuth connector keeps its tokens (the config's TokenStore, bound to a profile and service).

    Refresh tokens rotate: the old one stops working the moment a new one is issued, so `save` is called with every
    new token set BEFORE any of it is used, and must replace the previous set atomically.
    """

    def load(self) -> Mapping[str, Any] | None: ...

    def save(self, tokens: Mapping[str, Any]) -> None: ...


class MemoryTokenSink:
    """Tokens kept in memory only: tests, and the sandbox profiles, which sign in afresh on every start.

    `saves` counts the token sets handed over, so a test can tell that a rotated refresh token was saved.
    """

    def __init__(self, tokens: Mapping[str, Any] | None = None) -> None:
        self.tokens: dict[str, Any] | None = dict(tokens) if tokens else None
        self.saves = 0

    def __repr__(self) -> str:
        return f"MemoryTokenSink(saved={self.saves})"

    def load(self) -> Mapping[str, Any] | None:
        return self.tokens

    def save(self, tokens: Mapping[str, Any]) -> None:
        self.tokens = dict(tokens)
        self.saves += 1
