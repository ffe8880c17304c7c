"""The Batch Status panel (seed 002): one row per section of an export run, live.

Sections are Customers, Suppliers, Products, Invoices, Credit notes, Purchases, Expenses and Mark batched in
ConnectWise; each shows Not Yet Started, Running (n of N, rate, ETA), Completed Successfully, Completed with
errors, or Failed with the message. Every event carries its section and full figures, so the panel changes the
cells of that row by key inside one batch update (as dolphie does) and never rebuilds the table per event.
It rebuilds only when the user toggles "only failed", or when a section enters or leaves that view.

Colours are the theme's status colours, read through component classes, so every theme (and the plain ANSI
ones) shows Running, Completed and Failed the way it shows them elsewhere.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from tui_ledger.domain.accounting import QuotaSnapshot
from tui_ledger.services.export import (
    SECTIONS,
    CompletedSuccessfully,
    CompletedWithErrors,
    Failed,
    NotYetStarted,
    Running,
    Section,
    SectionStatus,
)
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.widgets.progress import format_duration

COLUMNS = ("section", "status", "progress", "rate", "eta", "message")
WIDTHS = {"section": 27, "status": 24, "progress": 20, "rate": 10, "eta": 7, "message": None}
"""Fixed widths, so a row changing in place never needs the table re-measured; the message takes the rest."""
TITLES = {
    "section": "Section",
    "status": "Status",
    "progress": "Done",
    "rate": "Rate",
    "eta": "ETA",
    "message": "Message",
}


def is_failed(status: SectionStatus) -> bool:
    """Failed, or with refused items (the sections "show only failed" keeps)."""
    if isinstance(status, Failed | CompletedWithErrors):
        return True
    return isinstance(status, Running) and status.failed > 0


def tone_of(status: SectionStatus) -> str:
    if isinstance(status, CompletedSuccessfully):
        return "ready"
    if isinstance(status, Running):
        return "error" if status.failed else "running"
    if isinstance(status, NotYetStarted):
        return "waiting"
    return "error"


def progress_text(status: SectionStatus) -> str:
    """`40 of 89`, `40 of 89, 2 failed`; nothing for a section with nothing to do yet."""
    if isinstance(status, NotYetStarted):
        return f"0 of {status.total}" if status.total else ""
    failed = getattr(status, "failed", 0)
    text = f"{status.done} of {status.total}"
    return f"{text}, {failed} failed" if failed else text


def rate_text(status: SectionStatus) -> str:
    if isinstance(status, Running) and status.rate_per_minute is not None:
        return f"{status.rate_per_minute:,.0f}/min"
    return ""


def eta_text(status: SectionStatus) -> str:
    if isinstance(status, Running) and status.eta_seconds is not None:
        return format_duration(status.eta_seconds)
    return ""


def running_text(status: SectionStatus) -> str:
    """`Invoices: 40 of 89, 120/min, 25s left` — a running section in one line (the detail under the panel)."""
    parts = [progress_text(status)]
    if rate := rate_text(status):
        parts.append(rate)
    if eta := eta_text(status):
        parts.append(f"{eta} left")
    return f"{status.section.value}: {', '.join(parts)}"


LIMIT_WORDS = {"minute": "{:,} calls a minute", "day": "{:,} a day", "batch_minute": "{:,} batch calls a minute"}
"""How a package's stated limits read, for a package that does not report what is left (QuickBooks Online)."""


def quota_text(package: str, quota: QuotaSnapshot) -> str:
    """`Xero calls left: 54 this minute, 4,870 today`, or the limits when the package does not say what is left."""
    left = []
    if quota.minute_remaining is not None:
        left.append(f"{quota.minute_remaining:,} this minute")
    if quota.day_remaining is not None:
        left.append(f"{quota.day_remaining:,} today")
    if left:
        return f"{package} calls left: {', '.join(left)}"
    limits = [words.format(quota.limits[key]) for key, words in LIMIT_WORDS.items() if key in quota.limits]
    return f"{package} does not report calls left" + (f"; its limits: {', '.join(limits)}" if limits else "")


class BatchStatusPanel(DataTable[Text]):
    """Rows keyed by section; `show(status)` updates one row's cells in place."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "batch-status--ready",
        "batch-status--running",
        "batch-status--error",
        "batch-status--waiting",
    }
    DEFAULT_CSS = """
    BatchStatusPanel > .batch-status--ready { color: $status-ready; }
    BatchStatusPanel > .batch-status--running { color: $status-running; text-style: bold; }
    BatchStatusPanel > .batch-status--error { color: $status-error; text-style: bold; }
    BatchStatusPanel > .batch-status--waiting { color: $text-muted; }
    """
    HELP = """\
## Batch Status

Every section of the export run, live: Not Yet Started, Running (how many of how many, the rate and the time
left), Completed Successfully, Completed with errors, or Failed with the reason.

- `f` shows only the sections that failed or had refusals, and all again.
- `l` opens the Export Log: every document, customer, supplier and product with the package's own message.
- `escape` stops a running export (it resumes from where each document stood), or goes back once it ended.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.statuses: dict[Section, SectionStatus] = {section: NotYetStarted(section, 0) for section in SECTIONS}
        self.only_failed = False
        self.rebuilds = 0
        """How often the rows were rebuilt (toggles and view changes); per-event updates never rebuild."""

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(TITLES[column], key=column, width=WIDTHS[column])
        self._rebuild()
        self.watch(ledger_app(self), "glyphs", self._rebuild, init=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self.row_count:
            self._rebuild()

    def reset(self) -> None:
        """Every section back to Not Yet Started (a resumed run reports its own figures next)."""
        self.statuses = {section: NotYetStarted(section, 0) for section in SECTIONS}
        self._rebuild()

    def show(self, status: SectionStatus) -> None:
        """The latest status of its section: the row's cells change in place."""
        self.statuses[status.section] = status
        key = status.section.value
        shown = key in self.rows
        if shown != self._visible(status):
            self._rebuild()
            return
        if not shown:
            return
        with self.app.batch_update():
            for column, cell in zip(COLUMNS, self._cells(status), strict=True):
                self.update_cell(key, column, cell)

    def set_only_failed(self, on: bool) -> None:
        self.only_failed = on
        self._rebuild()

    @property
    def finished_sections(self) -> int:
        return sum(
            1 for status in self.statuses.values() if isinstance(status, CompletedSuccessfully | CompletedWithErrors)
        )

    @property
    def failed_sections(self) -> int:
        return sum(1 for status in self.statuses.values() if is_failed(status))

    def _visible(self, status: SectionStatus) -> bool:
        return not self.only_failed or is_failed(status)

    def _rebuild(self) -> None:
        self.rebuilds += 1
        cursor = self.cursor_row
        self.clear()
        for section in SECTIONS:
            status = self.statuses[section]
            if self._visible(status):
                self.add_row(*self._cells(status), key=section.value)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1))

    def _style(self, tone: str) -> Style:
        return self.get_component_rich_style(f"batch-status--{tone}")

    def _cells(self, status: SectionStatus) -> tuple[Text, ...]:
        glyphs = ledger_app(self).glyphs
        tone = tone_of(status)
        mark = {
            "ready": glyphs.ready,
            "running": glyphs.running,
            "error": glyphs.error,
            "waiting": " " * len(glyphs.ready),
        }[tone]
        style = self._style(tone)
        message = status.message if isinstance(status, Failed) else ""
        return (
            Text(status.section.value),
            Text(f"{mark} {status.label}", style=style),
            Text(progress_text(status), justify="right"),
            Text(rate_text(status), justify="right"),
            Text(eta_text(status), justify="right"),
            Text(message, style=style if message else ""),
        )
