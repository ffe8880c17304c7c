"""`tui-ledger batches`: find, unbatch, rebatch, delete and reconcile GL batches without the desk (issue 5 part 7).

    tui-ledger batches find "po 984 freight"
    tui-ledger batches unbatch "invoice 508" --package void --yes
    tui-ledger batches rebatch "invoice 508" --yes                 # back into its original batch, nothing sent
    tui-ledger batches rebatch "invoice 508" --new-batch --yes     # through the export, into a new batch
    tui-ledger batches delete "AutoSync 20251209-1730" --package update --yes
    tui-ledger batches reconcile --since 2026-01-01 --save reconcile.csv --fix link --yes --json

Exit codes: 0 done; 1 refused by a guard, not confirmed, nothing found, a failure, or discrepancies left;
2 a configuration or connection problem, said on stderr — as `tui-ledger export`.

Like the export command, this module is only the command line's side: it opens the profile through wiring (which
a service may not import) and hands a `BatchDesk` to `tui_ledger.services.batches.headless`. Heavy imports wait
until a command runs.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tui_ledger.domain.batches.package import PackageAction
    from tui_ledger.services.batches.desk import BatchDesk
    from tui_ledger.services.batches.headless import Console

PROBLEM_EXIT_CODE = 2
PACKAGE_CHOICES = ("void", "delete", "update", "nothing")
FIX_CHOICES = ("link", "resend", "mark", "accept")

Work = Callable[["BatchDesk", "Console"], Awaitable[int]]


def _common(function: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(
        (
            click.option("--profile", "-p", "profile_name", default=None, help="Profile (default: the top-level one)."),
            click.option("--target", "target_name", default=None, help="Accounting company (default: the default)."),
            click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of lines."),
        )
    ):
        function = option(function)
    return function


def _confirmer(yes: bool, as_json: bool) -> Callable[[str], bool]:
    if yes:
        return lambda _question: True
    if as_json or not sys.stdin.isatty():
        return lambda _question: False
    return lambda question: click.confirm(question, default=False)


def _err(text: str) -> None:
    click.echo(text, err=True)


def _run(ctx: click.Context, profile_name: str | None, target_name: str | None, as_json: bool, work: Work) -> None:
    profile = profile_name or (ctx.find_root().obj or {}).get("profile")
    ctx.exit(asyncio.run(_session(profile, target_name, as_json, work)))


async def _session(profile_name: str | None, target_name: str | None, as_json: bool, work: Work) -> int:
    from tui_ledger.config.errors import ConfigError
    from tui_ledger.connectors.errors import ConnectorError
    from tui_ledger.services.batches.headless import Console
    from tui_ledger.services.batches.outcome import CONNECTION_ERRORS
    from tui_ledger.services.workspace import WorkspaceError
    from tui_ledger.wiring import open_runtime

    try:
        runtime = await open_runtime(profile_name)
    except WorkspaceError as error:
        _err(_workspace_message(error))
        return PROBLEM_EXIT_CODE
    try:
        return await work(await runtime.batch_desk(target_name), Console(click.echo, _err, as_json))
    except WorkspaceError as error:
        _err(_workspace_message(error))
        return PROBLEM_EXIT_CODE
    except ConfigError as error:
        _err(f"Error: {error}")
        return PROBLEM_EXIT_CODE
    except ConnectorError as error:
        _err(f"Error: {error}")
        return PROBLEM_EXIT_CODE if isinstance(error, CONNECTION_ERRORS) else 1
    finally:
        await runtime.aclose()


def _workspace_message(error: Exception) -> str:
    detail = getattr(error, "detail", "")
    remedy = getattr(error, "remedy", "")
    return "\n".join(part for part in (f"Error: {error}", detail, remedy) if part)


def _package_action(value: str | None) -> PackageAction | None:
    from tui_ledger.domain.batches.package import PackageAction

    return PackageAction(value) if value is not None else None


@click.group("batches")
def batches() -> None:
    """Find, unbatch, rebatch, delete and reconcile GL batches, with the accounting package kept in step."""


@batches.command("find")
@click.argument("text")
@_common
@click.pass_context
def find_command(
    ctx: click.Context, text: str, profile_name: str | None, target_name: str | None, as_json: bool
) -> None:
    """Find a record's batch: invoice / expense / PO number, `po 984 freight`, `po 984 line 2`, or a batch id."""
    from tui_ledger.services.batches.headless import run_find

    _run(ctx, profile_name, target_name, as_json, lambda desk, console: run_find(desk, text, console))


@batches.command("unbatch")
@click.argument("text")
@click.option("--package", "package_choice", type=click.Choice(PACKAGE_CHOICES), default=None, help="The package copy.")
@click.option("--yes", is_flag=True, help="Do it without asking.")
@_common
@click.pass_context
def unbatch_command(
    ctx: click.Context,
    text: str,
    package_choice: str | None,
    yes: bool,
    profile_name: str | None,
    target_name: str | None,
    as_json: bool,
) -> None:
    """Unbatch one record: its own batch deleted (invoice, expense) or the PO endpoint (freight, product)."""
    from tui_ledger.services.batches.headless import run_unbatch

    confirm, action = _confirmer(yes, as_json), _package_action(package_choice)
    _run(
        ctx,
        profile_name,
        target_name,
        as_json,
        lambda desk, console: run_unbatch(desk, text, action, confirm, console),
    )


@batches.command("rebatch")
@click.argument("text")
@click.option("--new-batch", is_flag=True, help="Send through the export into a new batch instead.")
@click.option("--yes", is_flag=True, help="Do it without asking.")
@_common
@click.pass_context
def rebatch_command(
    ctx: click.Context,
    text: str,
    new_batch: bool,
    yes: bool,
    profile_name: str | None,
    target_name: str | None,
    as_json: bool,
) -> None:
    """Put an edited record back into its original batch (nothing sent), or through the export (--new-batch)."""
    from tui_ledger.services.batches.headless import run_rebatch
    from tui_ledger.services.batches.rebatch import RebatchMode

    mode = RebatchMode.NEW_BATCH if new_batch else RebatchMode.ORIGINAL_BATCH
    confirm = _confirmer(yes, as_json)
    _run(ctx, profile_name, target_name, as_json, lambda desk, console: run_rebatch(desk, text, mode, confirm, console))


@batches.command("delete")
@click.argument("batch")
@click.option("--package", "package_choice", type=click.Choice(PACKAGE_CHOICES), default=None, help="The copies.")
@click.option("--yes", is_flag=True, help="Do it without asking.")
@_common
@click.pass_context
def delete_command(
    ctx: click.Context,
    batch: str,
    package_choice: str | None,
    yes: bool,
    profile_name: str | None,
    target_name: str | None,
    as_json: bool,
) -> None:
    """Delete a whole batch (by id or identifier); closed batches are refused. Its records return to unposted."""
    from tui_ledger.services.batches.headless import run_delete

    confirm, action = _confirmer(yes, as_json), _package_action(package_choice)
    _run(
        ctx,
        profile_name,
        target_name,
        as_json,
        lambda desk, console: run_delete(desk, batch, action, confirm, console),
    )


@batches.command("reconcile")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Batches entered since.")
@click.option("--open-only", is_flag=True, help="Leave closed batches out.")
@click.option("--no-unposted", is_flag=True, help="Compare batched documents only.")
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Save as .csv or .json.")
@click.option("--fix", "fixes", type=click.Choice(FIX_CHOICES), multiple=True, help="Apply this fix where offered.")
@click.option("--yes", is_flag=True, help="Apply the fixes without asking.")
@_common
@click.pass_context
def reconcile_command(
    ctx: click.Context,
    since: datetime | None,
    open_only: bool,
    no_unposted: bool,
    save: Path | None,
    fixes: tuple[str, ...],
    yes: bool,
    profile_name: str | None,
    target_name: str | None,
    as_json: bool,
) -> None:
    """Compare ConnectWise's batches with the accounting package; list, save and fix the differences."""
    from tui_ledger.domain.batches.reconcile import Fix
    from tui_ledger.services.batches.headless import run_reconcile
    from tui_ledger.services.batches.reconcile import ReconcileScope

    scope = ReconcileScope(
        since=since.date() if since else None, include_closed=not open_only, include_unposted=not no_unposted
    )
    chosen = [Fix(fix) for fix in fixes]
    confirm = _confirmer(yes, as_json)
    _run(
        ctx,
        profile_name,
        target_name,
        as_json,
        lambda desk, console: run_reconcile(desk, scope, save, chosen, confirm, console),
    )
