"""Opening a profile's accounting companies: the embedded sandbox for a sandbox profile, the real service otherwise.

One recipe per package, shared by the app (through `ProfileRuntime.accounting`), the headless commands and `auth` /
`doctor`, so a sandbox company and a real one differ only here. For a sandbox profile the connector rides on the
runtime's hub, so it shares the hub's clock (rate-limit windows) and state with the ConnectWise connector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.wiring.sandbox import sandbox_hub

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tui_ledger.config.paths import AppPaths
    from tui_ledger.config.profile import ProfileSettings, TargetSettings
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.quickbooks import AppRegistration, QuickBooksConnector, QuickBooksSettings
    from tui_ledger.connectors.xero import XeroConnector
    from tui_ledger.sandbox.hub import SandboxHub

DEFAULT_XERO_REDIRECT_URI = "http://localhost:8765/xero/callback"
SANDBOX_ROOT = "http://xero.sandbox.invalid"
DEFAULT_QUICKBOOKS_REDIRECT_URI = "http://localhost:8765/quickbooks/callback"
QUICKBOOKS_SANDBOX_ROOT = "http://quickbooks.sandbox.invalid"


class ProfileTokenSink:
    """The config's token file for one (profile, service), seen through the connectors' `TokenSink` protocol."""

    def __init__(self, store: TokenStore, profile: str, service: str) -> None:
        self.store = store
        self.profile = profile
        self.service = service

    def __repr__(self) -> str:
        return f"ProfileTokenSink({self.profile!r}, {self.service!r})"

    def load(self) -> Mapping[str, Any] | None:
        return self.store.load(self.profile, self.service)

    def save(self, tokens: Mapping[str, Any]) -> None:
        self.store.save(self.profile, self.service, tokens)


def token_service_name(target: TargetSettings) -> str:
    """`xero-demo-pty-ltd`: one token file per accounting company of a profile."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", target.name).strip("-").lower()[:40] or "company"
    return f"{target.package}-{slug}"


@dataclass
class XeroSetup:
    """A connector for one Xero company of a profile, and the redirect URI its app registration uses."""

    connector: XeroConnector
    redirect_uri: str


def open_xero_target(
    paths: AppPaths, profile: ProfileSettings, target: TargetSettings, hub: SandboxHub | None = None
) -> XeroSetup:
    """A connector for the profile's Xero company: the embedded sandbox for a sandbox profile, else Xero itself."""
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.xero import GrantKind, MemoryTokenSink, XeroConnection, XeroEndpoints, open_xero

    if profile.is_sandbox:
        hub = hub or sandbox_hub(profile, paths)
        credentials = hub.credentials("xero")
        connection = XeroConnection(
            client_id=credentials["custom_client_id"],
            client_secret=credentials["custom_client_secret"],
            grant=GrantKind.CUSTOM_CONNECTION,
            endpoints=XeroEndpoints.under(SANDBOX_ROOT),
            profile=profile.name,
        )
        connector = open_xero(connection, MemoryTokenSink(), transport=hub.transport("xero"), clock=hub.clock)
        return XeroSetup(connector, credentials["redirect_uri"])
    if not target.client_id:
        raise WorkspaceError(
            f'The Xero company "{target.name}" of profile "{profile.name}" has no client_id',
            detail="a Xero target needs the client id of your app registration",
            remedy=f"copy it from your app at developer.xero.com into its [[profiles.{profile.name}.targets]] table",
        )
    secret = target.client_secret.resolve() if target.client_secret is not None else None
    sink = ProfileTokenSink(TokenStore(paths.token_dir), profile.name, token_service_name(target))
    saved = sink.load() or {}
    grant = GrantKind(saved.get("grant") or GrantKind.AUTHORIZATION_CODE.value)
    connection = XeroConnection(
        client_id=target.client_id,
        client_secret=secret,
        grant=grant,
        tenant_id=target.tenant_id,
        endpoints=XeroEndpoints.for_api_base(target.base_url),
        profile=profile.name,
    )
    return XeroSetup(open_xero(connection, sink), DEFAULT_XERO_REDIRECT_URI)


def quickbooks_settings(
    profile: ProfileSettings, target: TargetSettings, redirect_uri: str
) -> tuple[QuickBooksSettings, AppRegistration]:
    """Settings for a real profile's QuickBooks company; a `base_url` ending in /v3 (a served sandbox, a proxy)
    puts the OAuth endpoints at the same root, as the sandbox serves them."""
    from tui_ledger.connectors.quickbooks import AppRegistration, IntuitEndpoints, QuickBooksSettings

    if not target.client_id or target.client_secret is None:
        raise WorkspaceError(
            f'The QuickBooks company "{target.name}" of profile "{profile.name}" needs client_id and client_secret',
            detail="a QuickBooks target needs the keys of your app registration",
            remedy="copy them from the keys tab of your app at developer.intuit.com into its "
            f'[[profiles.{profile.name}.targets]] table (client_secret as "env:NAME")',
        )
    app = AppRegistration(target.client_id, target.client_secret.resolve(), redirect_uri)
    if not target.base_url:
        return QuickBooksSettings(app=app, realm_id=target.realm_id, profile=profile.name), app
    root = target.base_url.rstrip("/").removesuffix("/v3")
    settings = QuickBooksSettings(
        app=app,
        realm_id=target.realm_id,
        api_base_url=target.base_url,
        endpoints=IntuitEndpoints.at(root),
        profile=profile.name,
    )
    return settings, app


async def open_quickbooks_target(
    paths: AppPaths, profile: ProfileSettings, target: TargetSettings, hub: SandboxHub | None = None
) -> QuickBooksConnector:
    """A connector for the profile's QuickBooks company: the embedded sandbox (which signs in by itself) for a
    sandbox profile, else QuickBooks Online with the sign-in saved by `tui-ledger auth quickbooks`."""
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.quickbooks import (
        AppRegistration,
        IntuitEndpoints,
        IntuitOAuthClient,
        MemoryTokenSink,
        QuickBooksSettings,
        open_quickbooks,
    )
    from tui_ledger.connectors.quickbooks.connector import sign_in_hint
    from tui_ledger.connectors.quickbooks.session import sign_in_unattended

    if profile.is_sandbox:
        hub = hub or sandbox_hub(profile, paths)
        credentials = hub.credentials("quickbooks")
        app = AppRegistration(credentials["client_id"], credentials["client_secret"], credentials["redirect_uri"])
        endpoints = IntuitEndpoints.at(QUICKBOOKS_SANDBOX_ROOT)
        transport = hub.transport("quickbooks")
        hint = sign_in_hint(profile.name)
        oauth = IntuitOAuthClient(app, endpoints, clock=hub.clock, sign_in_hint=hint, transport=transport)
        sink = MemoryTokenSink()
        await sign_in_unattended(oauth, sink)
        settings = QuickBooksSettings(
            app=app, api_base_url=hub.base_url("quickbooks"), endpoints=endpoints, profile=profile.name
        )
        return open_quickbooks(settings, sink, clock=hub.clock, transport=transport)
    settings, _ = quickbooks_settings(profile, target, DEFAULT_QUICKBOOKS_REDIRECT_URI)
    sink = ProfileTokenSink(TokenStore(paths.token_dir), profile.name, token_service_name(target))
    return open_quickbooks(settings, sink)
