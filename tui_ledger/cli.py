"""The `tui-ledger` command: with no subcommand it opens the desk; subcommands serve scripts and cron.

Each area keeps its commands in its own module (a click group) and is registered here, so this file stays
an index. Imports of heavy modules happen inside the commands: `tui-ledger --help` must be instant and the
app's start-up time is a measured goal.
"""

from __future__ import annotations

import click

from tui_ledger import __version__
from tui_ledger.batches_command import batches
from tui_ledger.config.commands import config
from tui_ledger.export_command import export
from tui_ledger.sandbox.commands import sandbox
from tui_ledger.wiring.auth_commands import auth, doctor


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--profile",
    "-p",
    default=None,
    help="Profile from config.toml (default: the configured one, else sandbox).",
)
@click.version_option(__version__, prog_name="tui-ledger")
@click.pass_context
def main(ctx: click.Context, profile: str | None) -> None:
    """A keyboard-driven terminal desk for the month-end close of IT service providers."""
    ctx.ensure_object(dict)
    ctx.obj["profile"] = profile
    if ctx.invoked_subcommand is None:
        from tui_ledger.ui.launch import launch_app

        launch_app(profile)


# Command groups of each area are registered below, one line each.
main.add_command(config)
main.add_command(sandbox)
main.add_command(auth)
main.add_command(doctor)
main.add_command(export)
main.add_command(batches)
