"""The typed failures of every connector, so screens and workflows react to *what* went wrong, not to HTTP codes.

Each error carries the service's own words (`service_message`, `problems`) because a finance user fixes a
rejected document from the package's text, not from ours; and it carries where it happened (`method`, `path`)
so support staff can find the call. It never carries a query string: query strings hold secrets (sasKey) and
filters that are noise in a message.
"""

from __future__ import annotations

from datetime import datetime


def format_instant(moment: datetime) -> str:
    """`2026-01-31 14:05:00 UTC`: precise to the second, with the zone when the time carries one."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


class ConnectorError(Exception):
    """A call to an external system failed; `str()` is a complete sentence a user can read."""

    def __init__(
        self,
        service: str,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        problems: tuple[str, ...] = (),
        code: str | None = None,
    ) -> None:
        self.service = service
        self.service_message = message
        self.method = method
        self.path = path
        self.status = status
        self.problems = problems
        self.code = code
        super().__init__(self._compose())

    @property
    def where(self) -> str:
        """`GET /finance/accounting/unpostedinvoices`, or the empty string when no call was made."""
        return " ".join(part for part in (self.method, self.path) if part)

    def _headline(self) -> str:
        return self.service_message

    def _compose(self) -> str:
        text = f"{self.service}: {self._headline()}"
        if self.problems:
            text += " — " + "; ".join(self.problems)
        if self.where:
            text += f" [{self.where}" + (f" → {self.status}" if self.status else "") + "]"
        return text


class AuthenticationFailed(ConnectorError):
    """The service did not accept the credentials (401): keys, token or company id are wrong or revoked."""


class Forbidden(ConnectorError):
    """The credentials are valid but lack the permission for this call (403)."""


class NotFound(ConnectorError):
    """The record or endpoint does not exist (404)."""


class ValidationFailed(ConnectorError):
    """The service refused the request's content (400/409/422); `problems` holds its own messages, one per fault."""


class RateLimited(ConnectorError):
    """The service refused the call for quota (429). `retry_at` says when it will accept calls again, if known."""

    def __init__(
        self,
        service: str,
        message: str,
        *,
        retry_at: datetime | None = None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> None:
        self.retry_at = retry_at
        super().__init__(service, message, method=method, path=path, status=status)

    def _headline(self) -> str:
        if self.retry_at is None:
            return self.service_message
        return f"{self.service_message}; it accepts calls again at {format_instant(self.retry_at)}"


class DayLimitReached(RateLimited):
    """The service's daily quota is used up. Never retried: waiting hours inside a run would look like a hang."""


class ServiceUnavailable(ConnectorError):
    """The service answered with a server error (5xx) and retries, where allowed, did not help."""


class Unreachable(ConnectorError):
    """No answer at all: DNS, refused connection, TLS, reset or timeout. `status` is always None."""


class MalformedResponse(ConnectorError):
    """The service answered, but not with what its API promises: names the field and the record where it broke."""

    def __init__(
        self,
        service: str,
        message: str,
        *,
        field: str | None = None,
        record: str | None = None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> None:
        self.field = field
        self.record = record
        super().__init__(service, message, method=method, path=path, status=status)

    def _headline(self) -> str:
        located = ", ".join(part for part in (f"field {self.field!r}" if self.field else "", self.record or "") if part)
        return f"malformed response: {self.service_message}" + (f" ({located})" if located else "")
