"""What the desk works with once a profile is open: the contract between wiring and the screens.

`tui_ledger.wiring` builds a `Workspace` from a profile (config, store, connectors, the sandbox when the
profile is the sandbox); the UI receives it ready-made and never learns how it was built. That keeps the
screens testable with any `PsaReader` and keeps wiring free to change how connections are made.

The App takes a `WorkspaceFactory` rather than a `Workspace` so that opening the profile (reading the
config, reaching the services) happens inside the running app: a broken config, an unreachable service or
wrong credentials become a message screen with what to do, never a traceback on a blank terminal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui_ledger.connectors.ports import PsaReader
from tui_ledger.domain.documents import SummaryLevel

if TYPE_CHECKING:
    from tui_ledger.services.batches import BatchDesk, BatchEventSink
    from tui_ledger.services.export_desk import ExportDesk
    from tui_ledger.services.invoice_lines import InvoiceLinesService

DEFAULT_THEME = "tui-ledger-dark"


class WorkspaceError(Exception):
    """Opening a profile failed for a reason the user can act on.

    `str()` is the headline; `detail` says what exactly is wrong and where (file, key, line, service);
    `remedy` says what to do about it. Wiring raises this (or a connector error) and the app shows all
    three on its message screen; the command line prints the same text.
    """

    def __init__(self, headline: str, *, detail: str = "", remedy: str = "") -> None:
        super().__init__(headline)
        self.headline = headline
        self.detail = detail
        self.remedy = remedy


@dataclass(frozen=True, slots=True)
class TargetCompany:
    """An accounting company the profile exports into (seed 002: several companies per profile).

    Choosing a company on the Export screen resets the location and summary level to its defaults, as the
    seed's integration does when the company changes.
    """

    name: str
    package: str
    default_location_id: int | None = None
    default_summary_level: SummaryLevel = SummaryLevel.DEFAULT

    @property
    def label(self) -> str:
        """`Demo Pty Ltd (Xero)`: the name a user picks from."""
        return f"{self.name} ({self.package})"


@dataclass(frozen=True, slots=True)
class UiPreferences:
    """The settings the terminal UI applies: theme name, glyph set and key overrides (binding id -> keys)."""

    theme: str = DEFAULT_THEME
    unicode: bool = True
    keys: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WorkspacePaths:
    """Where the profile's files live, shown on the debug screen so support staff can find them.

    `config_file` is None for the built-in sandbox profile when no config file exists yet.
    `themes_dir` is the user's own themes folder; it need not exist.
    """

    config_file: Path | None
    data_dir: Path
    themes_dir: Path | None = None


AsyncCloser = Callable[[], Awaitable[None]]
PreferenceSaver = Callable[[str, str | bool], None]
"""Saves one UI preference into the profile's config file, by key path: `("app.theme", "ansi-dark")`."""
BatchDeskOpener = Callable[[str | None, "BatchEventSink"], Awaitable["BatchDesk"]]
"""Opens the batch desk for an accounting company (None: the profile's default one, or none at all), its events
going to the given sink: the Batches screen's way into ConnectWise's batches and the package copies."""


@dataclass(slots=True)
class Workspace:
    """An open profile: the PSA reader, what it is connected to, where its files are, how to close it.

    `connected_systems` are labels for the header, e.g. `("ConnectWise", "Xero: Demo Pty Ltd")`.
    `details` are extra facts for the debug screen (base URLs, company id, ...); values under secret-looking
    keys are redacted there anyway, but wiring should not put secrets in at all.
    `closers` release what wiring opened besides the PSA reader (store, sandbox, other connectors); they
    run in reverse order after the reader is closed.
    `save_preference`, when given, keeps a choice the user makes in the app (theme, ASCII symbols) for the
    next start; it raises with a readable message when the file cannot be written.
    `exports` checks and exports into the profile's accounting companies; None when the profile has none (the
    Export screen then lists the documents unchecked).
    `lines` loads, edits, maps and syncs platform invoice lines (Invoice Lines, Mapping and System Logs
    screens); None when the profile was opened without it (those screens are then not offered).
    `batches` opens the GL batch desk (Batches screen) for a company of the profile; None when not wired.
    """

    profile: str
    is_sandbox: bool
    psa: PsaReader
    connected_systems: Sequence[str]
    target_companies: Sequence[TargetCompany]
    preferences: UiPreferences
    paths: WorkspacePaths
    details: Mapping[str, str] = field(default_factory=dict, repr=False)
    closers: Sequence[AsyncCloser] = field(default=(), repr=False)
    save_preference: PreferenceSaver | None = field(default=None, repr=False)
    exports: ExportDesk | None = field(default=None, repr=False)
    lines: InvoiceLinesService | None = field(default=None, repr=False)
    batches: BatchDeskOpener | None = field(default=None, repr=False)

    async def aclose(self) -> None:
        """Close the reader, then everything else wiring opened, even when one of them fails.

        The first failure is re-raised after all closers ran, so nothing is left open because an earlier
        close went wrong.
        """
        failures: list[BaseException] = []
        for close in (self.psa.aclose, *reversed(self.closers)):
            try:
                await close()
            except Exception as error:
                failures.append(error)
        if failures:
            raise failures[0]


WorkspaceFactory = Callable[[], Awaitable[Workspace]]
"""Opens a profile; raises `WorkspaceError` or a connector error when it cannot."""
