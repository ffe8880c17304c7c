"""`tui-ledger export`: the scheduled export for cron and systemd timers (seed 004, issue 4 part 7).

    tui-ledger export --profile acme --thru 2026-05-31 --all-valid
    tui-ledger export --profile acme --thru 2026-05-31 --invoices --select numbers.txt --json

Exit codes: 0 everything went; 1 some documents failed (refused, or held back by errors to fix); 2 a configuration or
connection problem, said in one message on stderr. Without --all-valid or --select it only shows what is ready.

This module is the command line's side only: it opens the profile through wiring and hands the work to
`tui_ledger.services.export.headless`. Nothing heavy is imported until the command runs (`tui-ledger --help` stays
instant).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tui_ledger.services.export.headless import HeadlessRequest

PROBLEM_EXIT_CODE = 2


class ExportProblem(click.ClickException):
    """A problem with the command's input: `Error: <message>` on stderr, exit code 2."""

    exit_code = PROBLEM_EXIT_CODE


@click.command("export")
@click.option("--profile", "-p", "profile_name", default=None, help="Profile to export (default: the top-level one).")
@click.option(
    "--thru",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Export documents dated on or before this day (YYYY-MM-DD).",
)
@click.option("--invoices", is_flag=True, help="Include invoices (when no type is given, all types are included).")
@click.option("--expenses", is_flag=True, help="Include expenses.")
@click.option("--purchases", is_flag=True, help="Include purchases (purchase orders).")
@click.option("--all-valid", is_flag=True, help="Export every document without errors.")
@click.option(
    "--select",
    "select_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Export only the documents whose numbers are listed in this file, one per line.",
)
@click.option("--target", "target_name", default=None, help="Accounting company (default: the profile's default).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the outcome instead of lines.")
@click.pass_context
def export(
    ctx: click.Context,
    profile_name: str | None,
    thru: datetime,
    invoices: bool,
    expenses: bool,
    purchases: bool,
    all_valid: bool,
    select_file: Path | None,
    target_name: str | None,
    as_json: bool,
) -> None:
    """Export unposted ConnectWise documents into the accounting package, exactly once, without the desk."""
    from tui_ledger.domain.documents import DocumentKind
    from tui_ledger.services.export.headless import AllValid, HeadlessRequest, read_selection_file

    if all_valid and select_file is not None:
        raise click.UsageError("choose either --all-valid or --select FILE, not both")
    chosen = {
        kind
        for kind, wanted in (
            (DocumentKind.INVOICE, invoices),
            (DocumentKind.EXPENSE, expenses),
            (DocumentKind.PROCUREMENT, purchases),
        )
        if wanted
    }
    try:
        selection = read_selection_file(select_file) if select_file is not None else None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportProblem(f"cannot read the selection file {select_file}: {error}") from None
    request = HeadlessRequest(
        thru=thru.date(),
        kinds=frozenset(chosen or DocumentKind),
        selection=AllValid() if all_valid else selection,
        as_json=as_json,
    )
    profile = profile_name or (ctx.find_root().obj or {}).get("profile")
    ctx.exit(asyncio.run(_export(profile, target_name, request)))


def _err(text: str) -> None:
    click.echo(text, err=True)


async def _export(profile_name: str | None, target_name: str | None, request: HeadlessRequest) -> int:
    from dataclasses import replace

    from tui_ledger.config.errors import ConfigError
    from tui_ledger.connectors.errors import ConnectorError
    from tui_ledger.services.export.headless import ExportSession, run_headless
    from tui_ledger.services.workspace import WorkspaceError
    from tui_ledger.wiring import open_runtime

    try:
        runtime = await open_runtime(profile_name)
    except WorkspaceError as error:
        _err(_workspace_message(error))
        return PROBLEM_EXIT_CODE
    try:
        target = runtime.target(target_name)
        try:
            connector = await runtime.accounting(target.name)
        except (ConnectorError, ConfigError) as error:
            _err(f"Error: {error}")
            return PROBLEM_EXIT_CODE
        session = ExportSession(
            profile=runtime.name,
            target=target.name,
            psa=runtime.psa,
            connector=connector,
            database=runtime.database,
            data_dir=runtime.paths.data_dir,
            options=runtime.profile.export,
            clock=runtime.clock,
            open_target=runtime.accounting,
            tax_codes=target.tax_codes,
        )
        request = replace(
            request,
            location_id=target.location_id,
            summary_level=target.summary_level or runtime.profile.export.summary_level,
        )
        return await run_headless(session, request, out=click.echo, err=_err)
    except WorkspaceError as error:
        _err(_workspace_message(error))
        return PROBLEM_EXIT_CODE
    finally:
        await runtime.aclose()


def _workspace_message(error: Exception) -> str:
    detail = getattr(error, "detail", "")
    remedy = getattr(error, "remedy", "")
    return "\n".join(part for part in (f"Error: {error}", detail, remedy) if part)
