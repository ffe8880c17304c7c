"""`tui-ledger config path|init|check`: find, create and validate the configuration from the shell.

`check` is what support asks a user to run first: exit 0 and the resolved profile (secrets redacted) when all is
well, exit 2 and one clear message on stderr when not. Other command groups reuse `load_cli_profile` so a
broken config reads the same everywhere and exits with the same code.

Only click and the path logic are imported at module level: this group is registered every time `tui-ledger`
starts, and pydantic/tomlkit are loaded only by the commands that read the config.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tui_ledger.config.paths import AppPaths

if TYPE_CHECKING:
    from tui_ledger.config.profile import ProfileSettings
    from tui_ledger.config.settings import Settings

CONFIG_PROBLEM_EXIT_CODE = 2


class ConfigProblem(click.ClickException):
    """A configuration error on the command line: `Error: <message>` on stderr, exit code 2."""

    exit_code = CONFIG_PROBLEM_EXIT_CODE


def load_cli_profile(ctx: click.Context, profile: str | None = None) -> tuple[AppPaths, Settings, ProfileSettings]:
    """The paths, settings and chosen profile for a command; `profile` falls back to the top-level `--profile`.

    A broken config becomes `ConfigProblem` (message on stderr, exit 2), never a traceback.
    """
    from tui_ledger.config.errors import ConfigError
    from tui_ledger.config.loader import load_settings

    paths = AppPaths.resolve()
    requested = profile or (ctx.find_root().obj or {}).get("profile")
    try:
        settings = load_settings(paths.config_file)
        return paths, settings, settings.profile(requested)
    except ConfigError as error:
        raise ConfigProblem(error.user_message) from None


@click.group("config")
def config() -> None:
    """Find, create and validate config.toml."""


@config.command("path")
def path_command() -> None:
    """Print where the config file and the data live."""
    paths = AppPaths.resolve()
    state = "" if paths.config_file.exists() else "  (not created yet: tui-ledger config init)"
    click.echo(f"config: {paths.config_file}{state}")
    click.echo(f"data:   {paths.data_dir}")
    click.echo(f"themes: {paths.themes_dir}")
    click.echo(f"tokens: {paths.token_dir}")


@config.command("init")
@click.option("--force", is_flag=True, help="Replace an existing config file.")
def init_command(force: bool) -> None:
    """Write a commented example config with the sandbox profile and a real profile to fill in."""
    from tui_ledger.config.atomic import atomic_write_text
    from tui_ledger.config.example import EXAMPLE_CONFIG

    paths = AppPaths.resolve()
    if paths.config_file.exists() and not force:
        raise ConfigProblem(f"{paths.config_file} already exists; not replaced. Use --force to overwrite it.")
    atomic_write_text(paths.config_file, EXAMPLE_CONFIG)
    click.echo(f"Wrote {paths.config_file}")


@config.command("check")
@click.option("--profile", "-p", "profile", default=None, help="The profile to check (default: the one that opens).")
@click.pass_context
def check_command(ctx: click.Context, profile: str | None) -> None:
    """Validate config.toml and show the resolved profile with secrets redacted; exit 2 on any problem."""
    from tui_ledger.config.describe import describe_profile, missing_secrets
    from tui_ledger.config.errors import ConfigError

    paths, settings, chosen = load_cli_profile(ctx, profile)
    missing = missing_secrets(chosen)
    if missing:
        problems = [f"{ref.key_path}: the environment variable {ref.variable} is not set" for ref in missing]
        raise ConfigProblem(ConfigError.in_file(settings.source, problems).user_message)
    columns_problem = csv_columns_problem(chosen)
    if columns_problem:
        raise ConfigProblem(ConfigError.in_file(settings.source, [columns_problem]).user_message)
    source = settings.source or f"{paths.config_file} (absent: built-in settings)"
    click.echo(f"config: {source} is valid")
    click.echo(f"data:   {paths.data_dir}")
    for line in describe_profile(chosen):
        click.echo(line)


def csv_columns_problem(profile: ProfileSettings) -> str | None:
    """What is wrong with a CSV profile's `columns` table (a key that is no invoice-line field, a field or a header
    named twice), with its key path; None when it is right or absent.

    The importer's own check (`ColumnMapping.from_settings`) is the one rule, so `check` and Load Invoices can
    never disagree; it is asked here rather than left to the first load, which is the moment a user least wants
    to learn of a typo. (A command is the top of the import chain: it may reach the connector.)
    """
    from tui_ledger.connectors.csv_lines import ColumnMapping, CsvColumnsError

    if profile.platform is None or not profile.platform.columns:
        return None
    try:
        ColumnMapping.from_settings(dict(profile.platform.columns), f"profiles.{profile.name}.platform.columns")
    except CsvColumnsError as wrong:
        return str(wrong)
    return None
