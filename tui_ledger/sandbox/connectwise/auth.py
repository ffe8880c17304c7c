"""Who may call the ConnectWise sandbox, and in which API version.

Exactly as reference/connectwise_api.md §2: `Authorization: Basic base64("{companyId}+{publicKey}:{privateKey}")`
and a `clientId` header on every call. The company id is compared without regard to case (it is a login
name); the keys exactly. A request pinning `Accept: application/vnd.connectwise.com+json; version=YYYY.N`
is answered in that version if the service knows it; without one, in the current version. Every response
names the current version in `api-current-version`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tui_ledger.sandbox.connectwise.errors import CwError, missing_client_id, unauthorized

CURRENT_VERSION = "2025.8"
OLDEST_VERSION = "2019.1"
MEDIA_TYPE = "application/vnd.connectwise.com+json"
_VERSION_PARAMETER = re.compile(r"version\s*=\s*\"?([^\s;,\"]+)", re.IGNORECASE)
_VERSION_FORMAT = re.compile(r"(\d{4})\.(\d{1,2})")


@dataclass(frozen=True, slots=True)
class Credentials:
    company_id: str
    public_key: str
    private_key: str
    client_id: str

    def __repr__(self) -> str:
        return f"Credentials(company_id={self.company_id!r}, public_key={self.public_key!r}, private_key=***)"

    def as_mapping(self) -> dict[str, str]:
        return {
            "company_id": self.company_id,
            "public_key": self.public_key,
            "private_key": self.private_key,
            "client_id": self.client_id,
        }


DEMO_CREDENTIALS = Credentials(
    company_id="tuiledger",
    public_key="sandbox-public",
    private_key="sandbox-private",
    client_id="5c1f3a9e-2b7d-4e8a-9c6f-1d2e3f4a5b6c",
)


def _version_tuple(text: str) -> tuple[int, int] | None:
    match = _VERSION_FORMAT.fullmatch(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def check_credentials(headers: Mapping[str, str], expected: Credentials = DEMO_CREDENTIALS) -> CwError | None:
    """None when the caller may pass; else the 401 the real service answers."""
    if not headers.get("clientid", "").strip():
        return missing_client_id()
    if headers.get("clientid", "").strip().lower() != expected.client_id.lower():
        return unauthorized()
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return unauthorized()
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return unauthorized()
    user, colon, private_key = decoded.partition(":")
    company_id, plus, public_key = user.partition("+")
    valid = (
        bool(colon and plus)
        and company_id.lower() == expected.company_id.lower()
        and hmac.compare_digest(public_key.encode(), expected.public_key.encode())
        and hmac.compare_digest(private_key.encode(), expected.private_key.encode())
    )
    return None if valid else unauthorized()


def requested_version(accept: str) -> str:
    """The API version a request pins in `Accept`, or the current one; a version the service lacks is a 400."""
    match = _VERSION_PARAMETER.search(accept or "")
    if match is None:
        return CURRENT_VERSION
    text = match.group(1)
    wanted = _version_tuple(text)
    if wanted is None:
        raise CwError(400, "InvalidObject", f"'{text}' is not an API version; send version=YYYY.N")
    oldest, current = _version_tuple(OLDEST_VERSION), _version_tuple(CURRENT_VERSION)
    if oldest is None or current is None or not oldest <= wanted <= current:
        raise CwError(
            400,
            "InvalidObject",
            f"API version {text} is not supported; supported versions are {OLDEST_VERSION} to {CURRENT_VERSION}",
        )
    return text


def content_type(version: str) -> str:
    return f"{MEDIA_TYPE}; version={version}"
