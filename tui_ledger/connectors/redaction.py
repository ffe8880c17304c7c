"""Keeping secrets out of logs, errors and reprs.

A support engineer pastes a log into a ticket; a screenshot of an error lands in a chat. Neither may carry a
private key, a bearer token or an AppXite `sasKey`. Three layers: headers known to carry credentials are
masked whole; query parameters with secret-sounding names are masked by name; and every secret *value* a
connector was configured with is scrubbed from any free text (a service that echoes a key back in its error
body must not leak it through our message).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

MASK = "***"

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
    }
)

SENSITIVE_QUERY_PARAMS = frozenset(
    {
        "saskey",
        "sig",
        "signature",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "api_key",
        "apikey",
        "key",
        "password",
        "secret",
        "code",
        "code_verifier",
    }
)

SHORTEST_SCRUBBED_SECRET = 4
"""Shorter values are not scrubbed from free text: masking every "ab" in a message would garble it for nothing."""


def is_sensitive_header(name: str) -> bool:
    return name.lower() in SENSITIVE_HEADERS


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of the headers with credential-bearing ones masked, for logging and debug screens."""
    return {name: (MASK if is_sensitive_header(name) else value) for name, value in headers.items()}


def redact_query(query: str) -> str:
    """`a=1&sasKey=s3cr3t` → `a=1&sasKey=***`; parameter order and names are kept so the log still explains the call."""
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    masked = [(name, MASK if name.lower() in SENSITIVE_QUERY_PARAMS else value) for name, value in pairs]
    return urlencode(masked, safe="*/[]():,=<> ")


def redact_url(url: str | httpx.URL) -> str:
    """The URL with secret query parameters and any `user:password@` userinfo masked."""
    parts = urlsplit(str(url))
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
    return urlunsplit((parts.scheme, netloc, parts.path, redact_query(parts.query), parts.fragment))


class Redactor:
    """Scrubs the configured secret values from any text before it reaches a log line or an exception."""

    __slots__ = ("_secrets",)

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        unique = {secret for secret in secrets if secret and len(secret) >= SHORTEST_SCRUBBED_SECRET}
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = tuple(sorted(unique, key=len, reverse=True))

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def with_secrets(self, secrets: Iterable[str | None]) -> Redactor:
        """A redactor that also knows `secrets` (e.g. a freshly rotated token)."""
        return Redactor((*self._secrets, *secrets))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def url(self, url: str | httpx.URL) -> str:
        return self.scrub(redact_url(url))
