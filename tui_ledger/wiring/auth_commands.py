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
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from tui_ledger.config.errors import ConfigError
from tui_ledger.connectors.accounting import ConnectionCheck
from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.wiring.targets import (
    DEFAULT_QUICKBOOKS_REDIRECT_URI,
    DEFAULT_XERO_REDIRECT_URI,
    ProfileTokenSink,
    XeroSetup,
    open_quickbooks_target,
    open_xero_target,
    quickbooks_settings,
    token_service_name,
)

if TYPE_CHECKING:
    from tui_ledger.config.paths import AppPaths
    from tui_ledger.config.profile import ProfileSettings, TargetSettings
    from tui_ledger.connectors.accounting import ConnectionCheck
    from tui_ledger.connectors.xero import XeroTenant

FAILED_CHECKS_EXIT_CODE = 1


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


def user_text(error: WorkspaceError | ConfigError) -> str:
    """One paragraph for the terminal: what is wrong, the detail, and what to do."""
    if isinstance(error, WorkspaceError):
        return "; ".join(part for part in (error.headline, error.detail, error.remedy) if part)
    return error.user_message


@contextmanager
def user_errors() -> Iterator[None]:
    """A mistake in the profile ends the command with its message and exit status 2, never a traceback."""
    try:
        yield
    except (WorkspaceError, ConfigError) as error:
        raise UserProblem(user_text(error)) from None


class UserProblem(click.ClickException):
    exit_code = 2


async def xero_checks(paths: AppPaths, profile: ProfileSettings, target: TargetSettings) -> list[ConnectionCheck]:
    from tui_ledger.connectors.xero.session import check_connection

    try:
        setup = open_xero_target(paths, profile, target)
    except (WorkspaceError, ConfigError) as error:
        return [ConnectionCheck("configuration", False, user_text(error))]
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


async def quickbooks_checks(paths: AppPaths, profile: ProfileSettings, target: TargetSettings) -> list[ConnectionCheck]:
    from tui_ledger.connectors.errors import ConnectorError
    from tui_ledger.connectors.quickbooks.session import check_connection

    try:
        connector = await open_quickbooks_target(paths, profile, target)
    except (WorkspaceError, ConfigError) as error:
        return [ConnectionCheck("configuration", False, user_text(error))]
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

    settings, app = quickbooks_settings(profile, target, redirect_uri)
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
        with user_errors():
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
            with user_errors():
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
