"""How a run reacts to a failed call: a refusal fails the items, an unknown outcome is settled, the rest stops.

Three kinds of failure, three reactions (and the reason each is safe):
- REFUSED — the service said no to the content (a 400/422): nothing was done, so the items fail with the service's
  own words and the rest of the run continues.
- UNKNOWN — no usable answer after the client's own retries (server errors, lost connections, an unreadable
  answer): the call may have been applied. The items are settled by asking (the package by number, ConnectWise by
  batch identifier) before anything is sent again.
- STOP — the run cannot continue now (credentials, permissions, the day's or a long rate limit): it stops with
  every row at its recorded step, and resumes later from there.
"""

from __future__ import annotations

from enum import Enum

from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    ConnectorError,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    Unreachable,
    ValidationFailed,
)


class Reaction(Enum):
    REFUSED = "refused"
    UNKNOWN = "unknown"
    STOP = "stop"


def reaction_to(error: ConnectorError) -> Reaction:
    if isinstance(error, RateLimited | AuthenticationFailed | Forbidden | NotFound):
        return Reaction.STOP
    if isinstance(error, ServiceUnavailable | Unreachable | MalformedResponse):
        return Reaction.UNKNOWN
    if isinstance(error, ValidationFailed):
        return Reaction.REFUSED
    return Reaction.STOP


def refusal_text(error: ConnectorError) -> str:
    """The service's own words for a refusal, without our call details."""
    if error.problems:
        return "; ".join(error.problems)
    return error.service_message


class RunStopped(Exception):
    """The run cannot go on now; `str()` says why and that it resumes where it stopped."""

    def __init__(self, cause: ConnectorError | str) -> None:
        self.cause = cause
        detail = str(cause)
        super().__init__(f"{detail} — the export stopped here and resumes from where each document stood")
        self.detail = detail


class StillUnsettled(RunStopped):
    """Items stayed without a known outcome after every settling attempt (the service kept failing)."""
