"""Turning a failure into what a finance user needs: what happened, the service's own words, and what to do.

The app's one error handler and the command line both show failures through `explain`, so a wrong key reads
the same on the screen and in a cron mail. Connector errors already carry the service's message and the
call (never a secret); this module adds the headline and the remedy for each kind of failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    ConnectorError,
    DayLimitReached,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    Unreachable,
    ValidationFailed,
)
from tui_ledger.services.workspace import WorkspaceError

CONFIG_REMEDY = (
    "Check the profile in config.toml (`tui-ledger config path` shows where it is, `tui-ledger config check` "
    "checks it), then try again."
)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure as shown to a person: a headline, the details, and the next step."""

    title: str
    detail: str
    remedy: str

    def as_text(self) -> str:
        """Plain text for the clipboard or a terminal."""
        return "\n\n".join(part for part in (self.title, self.detail, self.remedy) if part)


def explain(error: BaseException) -> Failure:
    """The user-facing account of `error`; unknown errors say so and ask for the debug report."""
    if isinstance(error, WorkspaceError):
        return Failure(error.headline, error.detail, error.remedy or CONFIG_REMEDY)
    if isinstance(error, ConnectorError):
        return _explain_connector(error)
    return Failure(
        "Something unexpected went wrong",
        f"{type(error).__name__}: {error}",
        "Copy this message and the debug report (F12) and send both to support.",
    )


def _explain_connector(error: ConnectorError) -> Failure:
    service = error.service
    detail = str(error)
    if isinstance(error, AuthenticationFailed):
        return Failure(
            f"{service} did not accept the credentials",
            detail,
            f"The keys or token for {service} in this profile are wrong, expired or revoked. " + CONFIG_REMEDY,
        )
    if isinstance(error, Forbidden):
        return Failure(
            f"{service} refused: the credentials lack a permission",
            detail,
            f"Ask the {service} administrator to grant the API user access to this area, then try again.",
        )
    if isinstance(error, Unreachable):
        return Failure(
            f"{service} could not be reached",
            detail,
            f"Check the network connection and the {service} address in the profile, then try again.",
        )
    if isinstance(error, DayLimitReached):
        return Failure(
            f"{service}'s daily call limit is used up",
            detail,
            "Nothing was lost. Try again once the limit resets (the time is in the message above).",
        )
    if isinstance(error, RateLimited):
        return Failure(f"{service} asked us to slow down", detail, "Nothing was lost. Wait a moment, then try again.")
    if isinstance(error, ServiceUnavailable):
        return Failure(
            f"{service} is having trouble",
            detail,
            f"Nothing was lost. Wait a moment, then try again; if it persists, check {service}'s status page.",
        )
    if isinstance(error, MalformedResponse):
        return Failure(
            f"{service} answered with something unexpected",
            detail,
            "Copy this message and the debug report (F12) and send both to support.",
        )
    if isinstance(error, ValidationFailed):
        return Failure(f"{service} refused the request", detail, "Correct what the message names, then try again.")
    if isinstance(error, NotFound):
        return Failure(
            f"{service} does not know this record or address",
            detail,
            f"Check that the record still exists in {service} and that the profile's address is right.",
        )
    return Failure(f"{service} failed", detail, "Try again; if it persists, copy this message for support.")
