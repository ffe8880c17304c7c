"""`tui-ledger auth xero|quickbooks --profile NAME` and `tui-ledger doctor [--profile NAME]`.

Command-line glue, an extension of cli.py: it reads the config (profiles, `env:` secrets, the 0600 token file),
opens the package connectors, and for a sandbox profile the embedded sandbox (the command line is where that is
allowed). Imports of config, connectors and sandbox happen inside the commands, so `tui-ledger --help` stays instant.

Each accounting package plugs in with one line in `DOCTORS` (its checks for one target) and one `auth` subcommand.
Doctor prints one line per check, `ok` or `FAIL` with the message that says what to do, and exits 1 when any
check fails.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tui_ledger.config.paths import AppPaths
    from tui_ledger.config.profile import ProfileSettings, TargetSettings
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.accounting import ConnectionCheck
    from tui_ledger.connectors.quickbooks import AppRegistration, QuickBooksConnector, QuickBooksSettings
    from tui_ledger.connectors.xero import XeroConnector, XeroTenant

DEFAULT_XERO_REDIRECT_URI = "http://localhost:8765/xero/callback"
SANDBOX_ROOT = "http://xero.sandbox.invalid"
DEFAULT_QUICKBOOKS_REDIRECT_URI = "http://localhost:8765/quickbooks/callback"
QUICKBOOKS_SANDBOX_ROOT = "http://quickbooks.sandbox.invalid"
FAILED_CHECKS_EXIT_CODE = 1


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


def targets_of(profile: ProfileSettings, package: str, name: str | None) -> list[TargetSettings]:
    chosen = [
        target for target in profile.targets if target.package == package and (name is None or target.name == name)
    ]
    if not chosen:
        wanted = f'a {package} company named "{name}"' if name else f"a {package} company"
        raise click.ClickException(
            f'profile "{profile.name}" has no {wanted}; add a [[profiles.{profile.name}.targets]] table'
        )
    return chosen


# -- Xero


@dataclass
class XeroSetup:
    """A connector for one Xero company of a profile, and the redirect URI its app registration uses."""

    connector: XeroConnector
    redirect_uri: str


def open_xero_target(paths: AppPaths, profile: ProfileSettings, target: TargetSettings) -> XeroSetup:
    """A connector for the profile's Xero company: the embedded sandbox for a sandbox profile, else Xero itself."""
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.xero import GrantKind, MemoryTokenSink, XeroConnection, XeroEndpoints, open_xero

    if profile.is_sandbox:
        from tui_ledger.sandbox.hub import SandboxHub
        from tui_ledger.sandbox.knobs import SandboxKnobs

        settings = profile.sandbox
        assert settings is not None
        knobs = SandboxKnobs(
            latency_ms=settings.latency_ms, fault_rate=settings.fault_rate, clock_speedup=settings.clock_speedup
        )
        hub = SandboxHub(paths.sandbox_dir, knobs)
        hub.ensure_seeded(anchor=date.today(), seed=settings.seed, scale=settings.scale)
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
        raise click.ClickException(
            f'the Xero company "{target.name}" of profile "{profile.name}" has no client_id; copy it from your app '
            "at developer.xero.com into its [[profiles.{profile.name}.targets]] table"
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


async def xero_checks(paths: AppPaths, profile: ProfileSettings, target: TargetSettings) -> list[ConnectionCheck]:
    from tui_ledger.connectors.xero.session import check_connection

    setup = open_xero_target(paths, profile, target)
    try:
        return await check_connection(setup.connector)
    finally:
        await setup.connector.aclose()


async def _ask(prompt: str) -> str:
    return await asyncio.to_thread(click.prompt, prompt, prompt_suffix="")


async def _choose_tenant(tenants: Sequence[XeroTenant]) -> XeroTenant:
    click.echo("This sign-in reaches several organisations:")
    for number, tenant in enumerate(tenants, start=1):
        click.echo(f"  {number}. {tenant.name}  ({tenant.tenant_id})")
    number = await asyncio.to_thread(
        click.prompt, "Which one does this profile export to", type=click.IntRange(1, len(tenants))
    )
    return tenants[number - 1]


async def _sign_in_xero(setup: XeroSetup, redirect_uri: str, scopes: str, custom_connection: bool) -> None:
    from tui_ledger.connectors.xero.session import sign_in_custom_connection, sign_in_interactively

    connector = setup.connector
    sink = connector.auth.sink
    try:
        if custom_connection:
            await sign_in_custom_connection(connector.oauth, sink, click.echo)
        else:
            await sign_in_interactively(connector.oauth, sink, redirect_uri, click.echo, _ask, _choose_tenant, scopes)
    finally:
        await connector.aclose()


# -- QuickBooks Online


def _quickbooks_settings(
    profile: ProfileSettings, target: TargetSettings, redirect_uri: str
) -> tuple[QuickBooksSettings, AppRegistration]:
    """Settings for a real profile's QuickBooks company; a `base_url` ending in /v3 (a served sandbox, a proxy)
    puts the OAuth endpoints at the same root, as the sandbox serves them."""
    from tui_ledger.connectors.quickbooks import AppRegistration, IntuitEndpoints, QuickBooksSettings

    if not target.client_id or target.client_secret is None:
        raise click.ClickException(
            f'the QuickBooks company "{target.name}" of profile "{profile.name}" needs client_id and client_secret; '
            f"copy them from the keys tab of your app at developer.intuit.com into its "
            f'[[profiles.{profile.name}.targets]] table (client_secret as "env:NAME")'
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
    paths: AppPaths, profile: ProfileSettings, target: TargetSettings
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
        from tui_ledger.sandbox.hub import SandboxHub
        from tui_ledger.sandbox.knobs import SandboxKnobs

        sandbox = profile.sandbox
        assert sandbox is not None
        knobs = SandboxKnobs(
            latency_ms=sandbox.latency_ms, fault_rate=sandbox.fault_rate, clock_speedup=sandbox.clock_speedup
        )
        hub = SandboxHub(paths.sandbox_dir, knobs)
        hub.ensure_seeded(anchor=date.today(), seed=sandbox.seed, scale=sandbox.scale)
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
    settings, _ = _quickbooks_settings(profile, target, DEFAULT_QUICKBOOKS_REDIRECT_URI)
    sink = ProfileTokenSink(TokenStore(paths.token_dir), profile.name, token_service_name(target))
    return open_quickbooks(settings, sink)


async def quickbooks_checks(paths: AppPaths, profile: ProfileSettings, target: TargetSettings) -> list[ConnectionCheck]:
    from tui_ledger.connectors.accounting import ConnectionCheck
    from tui_ledger.connectors.errors import ConnectorError
    from tui_ledger.connectors.quickbooks.session import check_connection

    try:
        connector = await open_quickbooks_target(paths, profile, target)
    except ConnectorError as error:
        return [ConnectionCheck("sign-in", False, str(error))]
    try:
        return await check_connection(connector)
    finally:
        await connector.aclose()


async def _sign_in_quickbooks(
    paths: AppPaths, profile: ProfileSettings, target: TargetSettings, redirect_uri: str
) -> str | None:
    """The interactive sign-in; answers the chosen company's realm id."""
    from tui_ledger.config.tokens import TokenStore
    from tui_ledger.connectors.quickbooks import IntuitOAuthClient
    from tui_ledger.connectors.quickbooks.connector import sign_in_hint
    from tui_ledger.connectors.quickbooks.session import sign_in_interactively
    from tui_ledger.domain.clock import SystemClock

    settings, app = _quickbooks_settings(profile, target, redirect_uri)
    oauth = IntuitOAuthClient(app, settings.endpoints, clock=SystemClock(), sign_in_hint=sign_in_hint(profile.name))
    sink = ProfileTokenSink(TokenStore(paths.token_dir), profile.name, token_service_name(target))
    tokens = await sign_in_interactively(oauth, sink, click.echo, _ask)
    return tokens.realm_id


# -- the commands


@click.group("auth")
def auth() -> None:
    """Sign in to an accounting package for a profile (works over SSH: paste the address back)."""


@auth.command("xero")
@click.option("--profile", "-p", "profile_name", default=None, help="The profile (default: the one that opens).")
@click.option("--target", "target_name", default=None, help="The Xero company of the profile, by name.")
@click.option(
    "--redirect-uri",
    default=DEFAULT_XERO_REDIRECT_URI,
    show_default=True,
    help="The redirect URI registered with your Xero app; the browser lands there after you allow access.",
)
@click.option("--granular-scopes", is_flag=True, help="Ask for the scopes apps created from March 2026 must use.")
@click.option("--custom-connection", is_flag=True, help="The app is a Xero Custom Connection (client credentials).")
@click.pass_context
def auth_xero(
    ctx: click.Context,
    profile_name: str | None,
    target_name: str | None,
    redirect_uri: str,
    granular_scopes: bool,
    custom_connection: bool,
) -> None:
    """Sign in to Xero and choose the organisation the profile exports to."""
    from tui_ledger.config.commands import load_cli_profile
    from tui_ledger.connectors.errors import ConnectorError
    from tui_ledger.connectors.xero.oauth import GRANULAR_SCOPES, LEGACY_SCOPES

    paths, _, profile = load_cli_profile(ctx, profile_name)
    if profile.is_sandbox:
        click.echo(f'Profile "{profile.name}" uses the embedded sandbox, which signs in by itself; nothing to do.')
        return
    for target in targets_of(profile, "xero", target_name)[:1]:
        setup = open_xero_target(paths, profile, target)
        scopes = GRANULAR_SCOPES if granular_scopes else LEGACY_SCOPES
        try:
            asyncio.run(_sign_in_xero(setup, redirect_uri, scopes, custom_connection))
        except ConnectorError as error:
            raise click.ClickException(str(error)) from None


@auth.command("quickbooks")
@click.option("--profile", "-p", "profile_name", default=None, help="The profile (default: the one that opens).")
@click.option("--target", "target_name", default=None, help="The QuickBooks company of the profile, by name.")
@click.option(
    "--redirect-uri",
    default=DEFAULT_QUICKBOOKS_REDIRECT_URI,
    show_default=True,
    help="A redirect URI listed on your Intuit app's keys tab; the browser lands there after you approve.",
)
@click.pass_context
def auth_quickbooks(ctx: click.Context, profile_name: str | None, target_name: str | None, redirect_uri: str) -> None:
    """Sign in to QuickBooks Online; the company you pick is the one the profile exports to."""
    from tui_ledger.config.commands import load_cli_profile
    from tui_ledger.connectors.errors import ConnectorError

    paths, _, profile = load_cli_profile(ctx, profile_name)
    if profile.is_sandbox:
        click.echo(f'Profile "{profile.name}" uses the embedded sandbox, which signs in by itself; nothing to do.')
        return
    for target in targets_of(profile, "quickbooks", target_name)[:1]:
        try:
            realm_id = asyncio.run(_sign_in_quickbooks(paths, profile, target, redirect_uri))
        except ConnectorError as error:
            raise click.ClickException(str(error)) from None
        if target.realm_id and realm_id != target.realm_id:
            click.echo(
                f'Note: config.toml names company {target.realm_id} for "{target.name}", but you chose {realm_id}. '
                f'Set realm_id = "{realm_id}" there, or sign in again and choose {target.realm_id}.'
            )


DoctorCheck = Callable[["AppPaths", "ProfileSettings", "TargetSettings"], Awaitable[list["ConnectionCheck"]]]
DOCTORS: dict[str, DoctorCheck] = {"xero": xero_checks, "quickbooks": quickbooks_checks}
"""One line per accounting package: how the doctor checks one of its companies."""


@click.command("doctor")
@click.option("--profile", "-p", "profile_name", default=None, help="The profile (default: the one that opens).")
@click.pass_context
def doctor(ctx: click.Context, profile_name: str | None) -> None:
    """Check every accounting connection of a profile: sign-in, organisation, scopes, quota left."""
    from tui_ledger.config.commands import load_cli_profile

    paths, _, profile = load_cli_profile(ctx, profile_name)
    failed = 0
    for target in profile.targets:
        check = DOCTORS.get(target.package)
        click.echo(f"{target.label}:")
        if check is None:
            click.echo("  no checks for this package")
            continue
        for line in asyncio.run(check(paths, profile, target)):
            mark = "ok  " if line.ok else "FAIL"
            failed += not line.ok
            click.echo(f"  {mark} {line.name}: {line.detail}")
    if not profile.targets:
        click.echo(f'Profile "{profile.name}" has no accounting company to check.')
    if failed:
        ctx.exit(FAILED_CHECKS_EXIT_CODE)
