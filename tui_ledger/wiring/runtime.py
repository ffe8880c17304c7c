"""Opening a profile: from config.toml to live connections, the profile's database and, for the sandbox, the
embedded services.

This is the one place that knows how a profile becomes objects. The app, the headless commands and the tests all
open profiles through `open_runtime`, so a sandbox profile and a real one differ only here: the sandbox gets the
hub's in-process transports and demo credentials, a real profile gets HTTPS and its `env:` secrets. Everything a
user can get wrong on the way (config, secrets, credentials, an unreachable service) comes out as one
`WorkspaceError` with what is wrong, where, and what to do, never as a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui_ledger.connectors.errors import AuthenticationFailed, ConnectorError, Unreachable
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.services.workspace import (
    AsyncCloser,
    TargetCompany,
    UiPreferences,
    Workspace,
    WorkspaceError,
    WorkspaceFactory,
    WorkspacePaths,
)
from tui_ledger.wiring.sandbox import sandbox_hub

if TYPE_CHECKING:
    from tui_ledger.config import AppPaths, ProfileSettings, Settings, TargetSettings, TokenStore
    from tui_ledger.connectors.accounting import AccountingConnector
    from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
    from tui_ledger.connectors.ports import PlatformSource
    from tui_ledger.sandbox.hub import SandboxHub
    from tui_ledger.services.batches import BatchDesk, BatchEventSink
    from tui_ledger.services.export_desk import ExportDesk
    from tui_ledger.store.database import Database

CONNECTWISE_LABEL = "ConnectWise"


@dataclass(slots=True)
class ProfileRuntime:
    """Everything one open profile holds. Close it with `aclose()`; it closes what it opened, in reverse order."""

    settings: Settings
    profile: ProfileSettings
    paths: AppPaths
    clock: Clock
    psa: ConnectWiseReader
    database: Database
    tokens: TokenStore
    hub: SandboxHub | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    _accounting: dict[str, AccountingConnector] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def is_sandbox(self) -> bool:
        return self.hub is not None

    def target(self, name: str | None = None) -> TargetSettings:
        """The named accounting company, or the profile's default one; a clear error for an unknown name.

        A sandbox company carries the tax-code map its simulator seeded, as a user's config.toml would.
        """
        chosen = self._configured_target(name)
        if self.hub is None or chosen.tax_codes:
            return chosen
        from tui_ledger.sandbox.tax_code_maps import load_tax_code_map

        return chosen.model_copy(update={"tax_codes": load_tax_code_map(self.hub.state_dir, chosen.package)})

    def _configured_target(self, name: str | None) -> TargetSettings:
        if name is None:
            chosen = self.profile.default_target
            if chosen is None:
                raise WorkspaceError(
                    f"Profile {self.name!r} has no accounting company",
                    detail="config.toml names no [[profiles.<name>.targets]] table for this profile",
                    remedy="add a target (see `tui-ledger config init` for an example)",
                )
            return chosen
        chosen = self.profile.target(name)
        if chosen is None:
            raise WorkspaceError(
                f"Profile {self.name!r} has no accounting company named {name!r}",
                detail="config.toml lists the companies of a profile as [[profiles.<name>.targets]] tables",
                remedy="choose one of: " + ", ".join(target.name for target in self.profile.targets),
            )
        return chosen

    async def accounting(self, target_name: str | None = None) -> AccountingConnector:
        """The connector of an accounting company (default: the profile's default one), opened once per runtime.

        On a sandbox profile it rides on this runtime's hub, so its rate-limit windows run on the same clock as
        everything else in the sandbox world.
        """
        from tui_ledger.wiring.targets import open_quickbooks_target, open_xero_target

        target = self.target(target_name)
        if target.name not in self._accounting:
            if target.package == "xero":
                connector: AccountingConnector = open_xero_target(self.paths, self.profile, target, self.hub).connector
            else:
                connector = await open_quickbooks_target(self.paths, self.profile, target, self.hub)
            self._accounting[target.name] = connector
        return self._accounting[target.name]

    async def close_accounting(self) -> None:
        """Close the accounting connectors opened so far (a later `accounting()` opens them again)."""
        opened = list(self._accounting.values())
        self._accounting.clear()
        for connector in opened:
            await connector.aclose()

    def platform(self, csv_file: Path | None = None) -> PlatformSource:
        """A new source of the profile's platform invoice lines (the caller closes it); see `wiring.platform`."""
        from tui_ledger.wiring.platform import open_platform_source

        return open_platform_source(
            self.profile, self.hub, self.clock, self.environ, csv_file, config_file=self.paths.config_file
        )

    async def batch_desk(self, target_name: str | None = None, events: BatchEventSink | None = None) -> BatchDesk:
        """GL batch management for a company of the profile (the Batches screen and `tui-ledger batches` alike).

        A profile without accounting companies still gets a desk: with no package, kept copies are only marked for an
        update in place on the next export.
        """
        from tui_ledger.services.batches import BatchContext, BatchDesk

        target = self.target(target_name) if target_name or self.profile.default_target else None
        context = BatchContext(
            psa=self.psa,
            database=self.database,
            profile=self.name,
            clock=self.clock,
            package=await self.accounting(target.name) if target is not None else None,
            target=target.name if target is not None else None,
            options=self.profile.export,
            tax_codes=target.tax_codes if target is not None else {},
            data_dir=self.paths.data_dir,
        )
        if events is not None:
            context.events = events
        return BatchDesk(context)

    async def aclose(self) -> None:
        """Close the accounting connectors, the PSA reader and the database, even when one of them fails."""
        try:
            await self.close_accounting()
            await self.psa.aclose()
        finally:
            self.database.close()


def _connectwise_reader(
    profile: ProfileSettings, hub: SandboxHub | None, clock: Clock, environ: Mapping[str, str]
) -> ConnectWiseReader:
    """The ConnectWise connector: onto the hub in process for a sandbox profile, over HTTPS otherwise."""
    from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
    from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings

    if hub is not None:
        credentials = hub.credentials("connectwise")
        settings = ConnectWiseSettings(
            base_url=hub.base_url("connectwise"),
            company_id=credentials["company_id"],
            public_key=credentials["public_key"],
            private_key=credentials["private_key"],
            client_id=credentials["client_id"],
        )
        return ConnectWiseReader.open(settings, clock=clock, transport=hub.transport("connectwise"))
    configured = profile.connectwise
    if configured is None:
        raise WorkspaceError(
            f"Profile {profile.name!r} does not say which ConnectWise to use",
            detail="config.toml has no [profiles.<name>.connectwise] table for this profile",
            remedy="add one (see `tui-ledger config init`), or start with `--profile sandbox`",
        )
    settings = ConnectWiseSettings(
        base_url=configured.api_base_url,
        company_id=configured.company_id,
        public_key=configured.public_key,
        private_key=configured.private_key.resolve(environ),
        client_id=configured.client_id,
        sync_max_in_flight=configured.sync_max_in_flight,
    )
    return ConnectWiseReader.open(settings, clock=clock)


def _explain_connector_error(error: ConnectorError, profile: ProfileSettings) -> WorkspaceError:
    """Turn a failed connection check into the headline, detail and remedy the message screen shows."""
    if isinstance(error, AuthenticationFailed):
        return WorkspaceError(
            f"{error.service} did not accept the credentials of profile {profile.name!r}",
            detail=str(error),
            remedy="check company_id, public_key, private_key (its env: variable) and client_id in config.toml, "
            "then `tui-ledger config check`",
        )
    if isinstance(error, Unreachable):
        return WorkspaceError(
            f"{error.service} cannot be reached",
            detail=str(error),
            remedy="check the site / base_url in config.toml and your network (VPN, proxy), then try again",
        )
    return WorkspaceError(f"{error.service} answered with an error", detail=str(error), remedy="try again later")


async def open_runtime(
    profile_name: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    today: date | None = None,
    check_connection: bool = True,
) -> ProfileRuntime:
    """Open a profile: config, its database, the sandbox when it is one, and a checked ConnectWise connection."""
    from tui_ledger.config import AppPaths, ConfigError, TokenStore, load_settings
    from tui_ledger.store import open_profile_database

    environ = dict(os.environ if environ is None else environ)
    today = today or date.today()
    paths = AppPaths.resolve(environ)
    try:
        settings = load_settings(paths.config_file, environ)
        profile = settings.profile(profile_name)
    except ConfigError as error:
        raise WorkspaceError(
            "The configuration cannot be used",
            detail=error.user_message,
            remedy=f"fix {paths.config_file} (`tui-ledger config check` says what is wrong)",
        ) from None
    clock: Clock = SystemClock()
    hub = sandbox_hub(profile, paths, today) if profile.is_sandbox else None
    if hub is not None:
        clock = hub.clock
    try:
        psa = _connectwise_reader(profile, hub, clock, environ)
    except ConfigError as error:
        raise WorkspaceError(
            f"A secret of profile {profile.name!r} is missing",
            detail=error.user_message,
            remedy="set the environment variable it names, then start again",
        ) from None
    database = open_profile_database(paths.data_dir, profile.name)
    runtime = ProfileRuntime(
        settings=settings,
        profile=profile,
        paths=paths,
        clock=clock,
        psa=psa,
        database=database,
        tokens=TokenStore(paths.token_dir),
        hub=hub,
        environ=environ,
    )
    if check_connection:
        try:
            await psa.check_connection()
        except ConnectorError as error:
            await runtime.aclose()
            raise _explain_connector_error(error, profile) from None
    return runtime


def _target_companies(profile: ProfileSettings) -> tuple[TargetCompany, ...]:

    default_level = profile.export.summary_level
    targets = sorted(profile.targets, key=lambda target: not target.default)
    return tuple(
        TargetCompany(
            name=target.name,
            package="Xero" if target.package == "xero" else "QuickBooks Online",
            default_location_id=target.location_id,
            default_summary_level=target.summary_level or default_level,
        )
        for target in targets
    )


def workspace_from_runtime(runtime: ProfileRuntime) -> Workspace:
    """The UI's view of an open profile."""
    from tui_ledger.wiring.lines import lines_service

    settings = runtime.settings
    systems = [CONNECTWISE_LABEL, *(target.label for target in runtime.profile.targets)]
    details = {"connectwise": runtime.psa.settings.base_url, "database": str(runtime.database.path)}
    if runtime.hub is not None:
        record = runtime.hub.seed_record
        if record is not None:
            details["sandbox seed"] = f"seed {record.seed}, scale {record.scale}, anchor {record.anchor.isoformat()}"
    lines = lines_service(runtime)
    return Workspace(
        profile=runtime.name,
        is_sandbox=runtime.is_sandbox,
        psa=runtime.psa,
        connected_systems=tuple(systems),
        target_companies=_target_companies(runtime.profile),
        preferences=UiPreferences(
            theme=settings.app.theme or UiPreferences().theme,
            unicode=settings.app.unicode,
            keys=dict(settings.keys),
        ),
        paths=WorkspacePaths(
            config_file=settings.source,
            data_dir=runtime.paths.data_dir,
            themes_dir=runtime.paths.themes_dir,
        ),
        details=details,
        closers=(_database_closer(runtime), runtime.close_accounting, lines.aclose),
        save_preference=_preference_saver(runtime.paths.config_file),
        exports=_export_desk(runtime),
        lines=lines,
        batches=_batch_desk_opener(runtime),
    )


def _export_desk(runtime: ProfileRuntime) -> ExportDesk | None:
    """The Export screen's access to checks and runs; None for a profile without an accounting company."""
    from tui_ledger.services.export_desk import ExportDesk

    if not runtime.profile.targets:
        return None
    return ExportDesk(
        profile=runtime.name,
        psa=runtime.psa,
        database=runtime.database,
        data_dir=runtime.paths.data_dir,
        options=runtime.profile.export,
        open_target=runtime.accounting,
        clock=runtime.clock,
        tax_codes=lambda name: runtime.target(name).tax_codes,
    )


def _batch_desk_opener(runtime: ProfileRuntime) -> Callable[[str | None, BatchEventSink], Awaitable[BatchDesk]]:
    """The Batches screen's desk for a company of the profile, built as `tui-ledger batches` builds it; a profile
    without accounting companies still gets one (no package: kept copies are marked for an update in place)."""

    async def open_desk(target_name: str | None, events: BatchEventSink) -> BatchDesk:
        return await runtime.batch_desk(target_name, events)

    return open_desk


def workspace_factory(
    profile_name: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    today: date | None = None,
) -> WorkspaceFactory:
    """What the App calls, inside its first worker, to open the profile."""

    async def open_workspace() -> Workspace:
        return workspace_from_runtime(await open_runtime(profile_name, environ=environ, today=today))

    return open_workspace


SAVED_PREFERENCES = frozenset({"app.theme", "app.unicode"})
"""The choices the app may write back to config.toml; anything else is the user's to edit."""


def _preference_saver(config_file: Path) -> Callable[[str, str | bool], None]:
    """Write a choice made in the app into config.toml in place, keeping the user's comments and order."""

    def save(key: str, value: str | bool) -> None:
        from tui_ledger.config import ConfigDocument, ConfigError

        if key not in SAVED_PREFERENCES:
            raise ValueError(f"{key} is not a preference the app saves")
        document = ConfigDocument.load(config_file)
        if document.get(key) == value:
            return
        try:
            document.set(key, value)
        except ConfigError as error:
            raise ValueError(error.user_message) from None

    return save


def _database_closer(runtime: ProfileRuntime) -> AsyncCloser:
    """The workspace closes the reader itself; the database is the other thing the runtime opened."""

    async def close_database() -> None:
        runtime.database.close()

    return close_database
