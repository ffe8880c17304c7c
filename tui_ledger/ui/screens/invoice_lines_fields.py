"""Fields shared by the line edit card and the Bulk Update card: a date typed as YYYY-MM-DD, and agreement choices.

A date field accepts a blank (the card then means "none" or "keep", which each card says in its label) and
otherwise exactly `YYYY-MM-DD`; anything else is refused with that example, in the card, before anything is
saved. Agreements are offered as the seed's drop-down lists them: the company's agreements, then the explicit
"create a new agreement from the default Agreement Type" choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.widget import Widget
from textual.widgets import Input

from tui_ledger.connectors.connectwise.agreements import Agreement
from tui_ledger.domain.bulk_update import CREATE_NEW_AGREEMENT_LABEL
from tui_ledger.ui.context import ledger_app

NEW_AGREEMENT_OPTION = -1
"""The agreement drop-downs' value for "create a new agreement of the default type"."""


class DateFieldError(ValueError):
    """A date field holds something that is not a date; the message names the field and shows the format."""


def parse_day(text: str, field: str) -> date | None:
    """The date typed in `field`, or None when it is blank."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise DateFieldError(f"{field}: {cleaned!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-05-31") from None


class DateInput(Input):
    """A compact input for one date, `YYYY-MM-DD`."""

    def __init__(self, value: date | None = None, *, id: str | None = None) -> None:
        super().__init__(
            value=value.isoformat() if value else "",
            placeholder="YYYY-MM-DD",
            restrict=r"[0-9-]*",
            max_length=10,
            compact=True,
            id=id,
        )


def agreement_options(agreements: Iterable[Agreement], *, with_company: bool = False) -> list[tuple[str, int]]:
    """(label, agreement id) for a drop-down, the new-agreement choice last."""
    options = [
        (f"{agreement.name} ({agreement.company.label})" if with_company else agreement.name, agreement.id)
        for agreement in agreements
    ]
    return [*options, (CREATE_NEW_AGREEMENT_LABEL, NEW_AGREEMENT_OPTION)]


def match_cursor_blink(node: Widget) -> None:
    """Text fields under `node` blink as the app says (tests and snapshots run with a steady cursor)."""
    blink = ledger_app(node).cursor_blink
    for field in node.query(Input):
        field.cursor_blink = blink
