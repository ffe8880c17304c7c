"""The platform a profile's invoice lines come from, as a `PlatformSource` (seed 003's "Load Invoices").

- a sandbox profile: the embedded AppXite (the default kind) or Pax8 of the profile's hub, with the sandbox's demo
  credentials, on the hub's transport and clock; a CSV kind reads the file the user names;
- a real profile: `[profiles.<name>.platform]` — AppXite with its requesterId and `env:` sasKey, Pax8 with its
  client id and `env:` secret, or a CSV export the user names when loading, read with the profile's `columns`
  mapping (field → the user's own header; docs/csv-import.md).

What a user can get wrong (no platform table, a missing secret, no file for a CSV profile) is a `WorkspaceError`
saying what and where, which the screens show like any other failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tui_ledger.connectors.ports import PlatformSource
from tui_ledger.domain.clock import Clock
from tui_ledger.services.workspace import WorkspaceError

if TYPE_CHECKING:
    from tui_ledger.config import PlatformSettings, ProfileSettings
    from tui_ledger.connectors.csv_lines import ColumnMapping, CsvColumnsError
    from tui_ledger.sandbox.hub import SandboxHub

SANDBOX_KIND = "appxite"


def platform_kind(profile: ProfileSettings) -> str | None:
    """`appxite`, `pax8` or `csv`; None for a real profile without a platform table."""
    if profile.platform is not None:
        return profile.platform.kind
    return SANDBOX_KIND if profile.is_sandbox else None


def open_platform_source(
    profile: ProfileSettings,
    hub: SandboxHub | None,
    clock: Clock,
    environ: Mapping[str, str],
    csv_file: Path | None = None,
    *,
    config_file: Path | None = None,
) -> PlatformSource:
    kind = platform_kind(profile)
    if kind is None:
        raise WorkspaceError(
            f"Profile {profile.name!r} does not say which platform invoice lines come from",
            detail="config.toml has no [profiles.<name>.platform] table for this profile",
            remedy='add one with kind = "appxite", "pax8" or "csv" (see `tui-ledger config init`)',
        )
    if kind == "csv":
        return _csv_source(csv_file, profile, config_file)
    if hub is not None:
        return _sandbox_source(kind, hub)
    assert profile.platform is not None
    return _real_source(profile.name, profile.platform, clock, environ)


def _csv_source(csv_file: Path | None, profile: ProfileSettings, config_file: Path | None) -> PlatformSource:
    from tui_ledger.connectors.csv_lines import CsvColumnsError, CsvLinesSource

    mapping = csv_column_mapping(profile, config_file)
    if isinstance(mapping, CsvColumnsError):
        raise WorkspaceError(
            "The CSV column mapping of this profile is wrong",
            detail=str(mapping),
            remedy="fix the columns table (docs/csv-import.md lists the fields), then load again",
        )
    if csv_file is None:
        raise WorkspaceError(
            "Choose the CSV file to load",
            detail='this profile loads invoice lines from a CSV export (platform kind = "csv")',
            remedy="enter the file's path in Load Invoice Lines; docs/csv-import.md describes the columns",
        )
    if not csv_file.is_file():
        raise WorkspaceError(
            f"There is no file {csv_file}",
            detail="Load Invoice Lines was given a path that does not name a readable file",
            remedy="check the path (a relative path starts in the folder tui-ledger was started from)",
        )
    return CsvLinesSource(csv_file, mapping)


def csv_column_mapping(profile: ProfileSettings, config_file: Path | None) -> ColumnMapping | CsvColumnsError:
    """The profile's `columns` table as the importer's mapping, or what is wrong with it (naming the file and the
    table, so the message says where to fix it)."""
    from tui_ledger.connectors.csv_lines import ColumnMapping, CsvColumnsError

    columns = dict(profile.platform.columns) if profile.platform is not None else {}
    where = str(config_file) if config_file is not None else "config.toml"
    origin = f"{where} [profiles.{profile.name}.platform] columns"
    try:
        return ColumnMapping.from_settings(columns, origin)
    except CsvColumnsError as wrong:
        return wrong


def _sandbox_source(kind: str, hub: SandboxHub) -> PlatformSource:
    if kind == "pax8":
        from tui_ledger.connectors.pax8 import Pax8Settings, Pax8Source

        credentials = hub.credentials("pax8")
        settings = Pax8Settings(
            client_id=credentials["client_id"],
            client_secret=credentials["client_secret"],
            base_url=hub.base_url("pax8"),
        )
        return Pax8Source.open(settings, clock=hub.clock, transport=hub.transport("pax8"))
    from tui_ledger.connectors.appxite import AppXiteSettings, AppXiteSource

    credentials = hub.credentials("appxite")
    appxite = AppXiteSettings(
        requester_id=credentials["requester_id"], sas_key=credentials["sas_key"], base_url=hub.base_url("appxite")
    )
    return AppXiteSource.open(appxite, clock=hub.clock, transport=hub.transport("appxite"))


def _real_source(
    profile_name: str, settings: PlatformSettings, clock: Clock, environ: Mapping[str, str]
) -> PlatformSource:
    from tui_ledger.config import ConfigError

    try:
        if settings.kind == "pax8":
            from tui_ledger.connectors.pax8 import PAX8_API_URL, Pax8Settings, Pax8Source

            assert settings.client_id is not None
            assert settings.client_secret is not None
            pax8 = Pax8Settings(
                client_id=settings.client_id,
                client_secret=settings.client_secret.resolve(environ),
                base_url=settings.base_url or PAX8_API_URL,
            )
            return Pax8Source.open(pax8, clock=clock)
        from tui_ledger.connectors.appxite import APPXITE_API_URL, AppXiteSettings, AppXiteSource

        assert settings.requester_id is not None
        assert settings.sas_key is not None
        appxite = AppXiteSettings(
            requester_id=settings.requester_id,
            sas_key=settings.sas_key.resolve(environ),
            base_url=settings.base_url or APPXITE_API_URL,
        )
        return AppXiteSource.open(appxite, clock=clock)
    except ConfigError as error:
        raise WorkspaceError(
            f"A platform secret of profile {profile_name!r} is missing",
            detail=error.user_message,
            remedy="set the environment variable it names, then load again",
        ) from None
