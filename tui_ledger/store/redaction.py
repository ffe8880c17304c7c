"""Masking secrets in free text before it is stored in System Logs.

Log messages are written by every layer, often with an exception's text or a service's error body in them, and
System Logs end up on screens and in support tickets. Whatever reaches the table passes through `redact`:
credentials after a known name (`sasKey=…`, `"refresh_token": "…"`, `client_secret: …`) and the token of an
`Authorization` scheme are masked. Secret values configured for a profile are not known here; callers that
know them pass an extra scrubber (the connectors' `Redactor.scrub`) to `SystemLog`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

MASK = "***"

SECRET_NAMES = (
    "saskey",
    "sas_key",
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "client_secret",
    "clientsecret",
    "private_key",
    "privatekey",
    "password",
    "secret",
    "api_key",
    "apikey",
    "code_verifier",
)

_NAMED_SECRET = re.compile(
    r"(?P<name>\b(?:" + "|".join(SECRET_NAMES) + r")\b)(?P<separator>[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\"'&\s,;}]+)",
    re.IGNORECASE,
)
_AUTH_SCHEME = re.compile(r"\b(?P<scheme>Basic|Bearer)\s+(?P<value>[A-Za-z0-9._~+/=-]{6,})", re.IGNORECASE)


def redact(text: str) -> str:
    """The text with every recognisable credential replaced by `***`."""
    text = _AUTH_SCHEME.sub(lambda match: f"{match['scheme']} {MASK}", text)
    return _NAMED_SECRET.sub(lambda match: f"{match['name']}{match['separator']}{MASK}", text)


def is_secret_name(name: str) -> bool:
    """True for keys whose value is a credential (`client_secret`, `refresh_token`, `Authorization` …)."""
    folded = name.lower().replace("-", "_")
    return folded in SECRET_NAMES or folded == "authorization" or folded.endswith(("_secret", "_token", "_password"))


def redact_value(value: Any, scrub: Callable[[str], str] | None = None) -> Any:
    """Redact a JSON-like value: strings are redacted, values under secret-looking keys are masked whole."""
    if isinstance(value, str):
        cleaned = redact(value)
        return scrub(cleaned) if scrub is not None else cleaned
    if isinstance(value, Mapping):
        return {
            key: MASK if isinstance(key, str) and is_secret_name(key) else redact_value(item, scrub)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_value(item, scrub) for item in value]
    return value
