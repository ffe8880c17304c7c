"""Checking that a profile's ConnectWise settings work, with messages that say which setting is wrong.

`GET /system/info` is the cheapest authenticated call. Its failures mean different things here than
elsewhere: a 401 is wrong keys for that company; a 404 on this fixed path means the base URL (site or
codebase) is wrong — or, on ConnectWise cloud, an unknown company, which answers 404 instead of 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.connectors.errors import AuthenticationFailed, NotFound
from tui_ledger.connectors.http import ServiceClient

SYSTEM_INFO_PATH = "/system/info"


@dataclass(frozen=True, slots=True)
class SystemInfo:
    """What `/system/info` tells about the tenant: shown by `doctor` and the debug screen."""

    version: str
    is_cloud: bool | None = None
    server_time_zone: str | None = None
    cloud_region: str | None = None


def masked_key(public_key: str) -> str:
    """`abcd…` — enough for a user to recognise which key was used, not enough to be the key."""
    return public_key[:4] + "…" if len(public_key) > 4 else "…"


async def check_connection(client: ServiceClient, settings: ConnectWiseSettings) -> SystemInfo:
    """Call `/system/info`; on failure raise the same typed error with a message naming the setting to fix.

    An unreachable service already says which address it tried (`Unreachable`), so it passes through.
    """
    try:
        response = await client.request("GET", SYSTEM_INFO_PATH)
    except AuthenticationFailed as error:
        raise AuthenticationFailed(
            client.service,
            f"wrong credentials: ConnectWise rejected company {settings.company_id!r} with public key "
            f"{masked_key(settings.public_key)} (check company_id, public_key and private_key; "
            f"ConnectWise said: {error.service_message})",
            method=error.method,
            path=error.path,
            status=error.status,
        ) from None
    except NotFound as error:
        raise NotFound(
            client.service,
            f"no ConnectWise API at {client.redactor.url(settings.base_url)}: check site and codebase "
            f"(on ConnectWise cloud an unknown company {settings.company_id!r} also answers 404)",
            method=error.method,
            path=error.path,
            status=error.status,
        ) from None
    info = RecordReader(client.json_of(response), "system info", client.call_site("GET", response.request.url))
    raw_cloud = info.data.get("isCloud")
    return SystemInfo(
        version=info.text("version"),
        is_cloud=raw_cloud if isinstance(raw_cloud, bool) else None,
        server_time_zone=info.optional_text("serverTimeZone"),
        cloud_region=info.optional_text("cloudRegion"),
    )
