"""How line values are encoded in SQLite so that every sort key is a plain, never-NULL, indexable value.

A grid window under a sort is a keyset or offset walk over an index. Both need keys that compare totally:
a NULL breaks a row-value comparison (`(key, id) > (?, ?)` is unknown for NULL), so "no value" is encoded as
a value that sorts first: day 0 for dates, id 0 for ConnectWise ids, the empty text for names.

- Dates are proleptic ordinals (`date.toordinal()`), 0 for none.
- Amounts keep their exact Decimal text for display and sync, plus a REAL copy used only to order rows.
- Status codes are numbered in the alphabetical order of their labels, so sorting by the code is sorting by
  what the user reads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import IntEnum

NO_DATE = 0
NO_ID = 0


class Badge(IntEnum):
    """Who last set a field's value (seed 003): the platform (no badge), a Configuration rule, or a person."""

    NONE = 0
    SYSTEM = 1
    USER = 2

    @property
    def label(self) -> str:
        return _BADGE_LABELS[self]


_BADGE_LABELS = {Badge.NONE: "", Badge.SYSTEM: "System Updated", Badge.USER: "User Updated"}


class PsaStatus(IntEnum):
    """Status in PSA (seed 003). Numbered alphabetically by label: Error, Not Synced, Synced."""

    ERROR = 0
    NOT_SYNCED = 1
    SYNCED = 2

    @property
    def label(self) -> str:
        return _PSA_LABELS[self]


_PSA_LABELS = {PsaStatus.ERROR: "Error", PsaStatus.NOT_SYNCED: "Not Synced", PsaStatus.SYNCED: "Synced"}


class MappingStatus(IntEnum):
    """Mapped when PSA organization, product and an agreement (or "create new") are all set (seed 003)."""

    MAPPED = 0
    UNMAPPED = 1

    @property
    def label(self) -> str:
        return "Mapped" if self is MappingStatus.MAPPED else "Unmapped"


def date_code(day: date | None) -> int:
    return NO_DATE if day is None else day.toordinal()


def date_from_code(code: int) -> date | None:
    return None if code == NO_DATE else date.fromordinal(code)


def amount_text(amount: Decimal) -> str:
    """The exact text of an amount; `Decimal(amount_text(x)) == x` always."""
    return str(amount)


def amount_from_text(text: str) -> Decimal:
    return Decimal(text)
