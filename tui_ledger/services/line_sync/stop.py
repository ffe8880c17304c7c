"""Esc during a sync: stop sending new lines, let the ones in flight finish, record every outcome.

Cancelling a call mid-flight would leave its outcome unknown (the Addition may or may not exist), so a stop
is a request the sync honours between lines, never an interruption of one. The Invoice Lines screen calls
`request()` on Esc; the sync checks `requested` before taking each next line.
"""

from __future__ import annotations


class StopSignal:
    """Set once by the user (or by the sync itself when going on is pointless, e.g. rejected credentials)."""

    __slots__ = ("_reason",)

    def __init__(self) -> None:
        self._reason: str | None = None

    def request(self, reason: str = "stopped by the user") -> None:
        """Ask the sync to stop; the first reason given is the one reported."""
        if self._reason is None:
            self._reason = reason

    @property
    def requested(self) -> bool:
        return self._reason is not None

    @property
    def reason(self) -> str | None:
        return self._reason
