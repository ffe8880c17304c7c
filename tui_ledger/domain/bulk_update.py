"""Bulk Update of marked invoice lines (seed 003): what the card may set, when it must refuse, what it confirms.

The card has three fields, each left empty to keep the lines' current value:

- Charge Start Date and Charge End Date may be set across lines of any customer;
- PSA Agreement Name only when every marked line belongs to the same customer ("Selecting rows from different
  Customers and entering an Agreement here causes the save to fail with an error");
- at least one value must be entered before Apply;
- the confirmation says "You are about to update X selected invoice lines." and lists only the fields that change
  something; when nothing would change, there is no confirmation at all.

The rules are pure so the card, the service and the tests share them: the caller streams the facts of the marked
lines (`MarkedLine`) through `plan_bulk_update`, which either returns the plan the confirmation shows or raises a
`BulkUpdateError` whose message is what the card displays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

CREATE_NEW_AGREEMENT_LABEL = "New agreement (default type)"
"""How the explicit "create a new agreement from the default Agreement Type" choice is shown (seed 003)."""


class BulkUpdateError(ValueError):
    """The card cannot be applied as filled in; the message says why and what to do instead."""


class BulkField(StrEnum):
    """The card's fields, valued by the label the confirmation uses."""

    CHARGE_START = "Charge Start Date"
    CHARGE_END = "Charge End Date"
    AGREEMENT = "PSA Agreement Name"


@dataclass(frozen=True, slots=True)
class AgreementValue:
    """An agreement the card sets: an existing one of `company_id`, or "create a new one" (`create_new`)."""

    agreement_id: int = 0
    name: str = ""
    company_id: int | None = None
    create_new: bool = False

    def __post_init__(self) -> None:
        if self.create_new == (self.agreement_id > 0):
            raise ValueError("an agreement value is either an existing agreement (id > 0) or 'create new'")

    @property
    def label(self) -> str:
        return CREATE_NEW_AGREEMENT_LABEL if self.create_new else self.name


@dataclass(frozen=True, slots=True)
class BulkUpdateRequest:
    """What the user entered on the card; None means "keep the current value"."""

    charge_start: date | None = None
    charge_end: date | None = None
    agreement: AgreementValue | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing entered: Apply stays disabled (seed 003: "Enter at least one value")."""
        return self.charge_start is None and self.charge_end is None and self.agreement is None


@dataclass(frozen=True, slots=True)
class MarkedLine:
    """The facts of one marked line the rules need. `company_id` None: no PSA Organization chosen yet."""

    company_id: int | None
    charge_start: date | None
    charge_end: date | None
    agreement_id: int | None
    agreement_new: bool
    synced: bool = False


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field the confirmation lists: its new value as shown, and on how many lines it changes."""

    field: BulkField
    value: str
    lines: int

    @property
    def text(self) -> str:
        """`PSA Agreement Name: Annual`, as the seed's confirmation shows it."""
        return f"{self.field.value}: {self.value}"


@dataclass(frozen=True, slots=True)
class BulkUpdatePlan:
    """What Apply would do: the request, how many lines are selected, and the fields that change something."""

    request: BulkUpdateRequest
    selected: int
    changes: tuple[FieldChange, ...] = field(default=())

    @property
    def has_changes(self) -> bool:
        """False: no confirmation opens, nothing is written."""
        return bool(self.changes)

    @property
    def count_text(self) -> str:
        noun = "invoice line" if self.selected == 1 else "invoice lines"
        return f"You are about to update {self.selected:,} selected {noun}."


def charge_dates_problem(start: date | None, end: date | None) -> str | None:
    """Why a line cannot have these charge dates (an end before the start), or None when it can."""
    if start is not None and end is not None and end < start:
        return f"Charge End Date {end.isoformat()} is before Charge Start Date {start.isoformat()}."
    return None


@dataclass(slots=True)
class _Tally:
    selected: int = 0
    synced: int = 0
    companies: set[int | None] = field(default_factory=set)
    start_changes: int = 0
    end_changes: int = 0
    agreement_changes: int = 0
    ends_before_new_start: int = 0
    starts_after_new_end: int = 0


def _tally(request: BulkUpdateRequest, lines: Iterable[MarkedLine]) -> _Tally:
    tally = _Tally()
    start, end, agreement = request.charge_start, request.charge_end, request.agreement
    for line in lines:
        tally.selected += 1
        tally.synced += line.synced
        tally.companies.add(line.company_id)
        if start is not None:
            tally.start_changes += line.charge_start != start
            if end is None and line.charge_end is not None and line.charge_end < start:
                tally.ends_before_new_start += 1
        if end is not None:
            tally.end_changes += line.charge_end != end
            if start is None and line.charge_start is not None and end < line.charge_start:
                tally.starts_after_new_end += 1
        if agreement is not None:
            same = (
                line.agreement_new
                if agreement.create_new
                else (line.agreement_id == agreement.agreement_id and not line.agreement_new)
            )
            tally.agreement_changes += not same
    return tally


def _agreement_problem(agreement: AgreementValue, tally: _Tally) -> str | None:
    customers = {company for company in tally.companies if company is not None}
    if len(tally.companies) > 1:
        return (
            f"{BulkField.AGREEMENT.value} can only be updated when every selected line belongs to the same customer; "
            f"the {tally.selected:,} selected lines belong to {len(tally.companies)} customers"
            f"{' (some have no PSA Organization yet)' if None in tally.companies else ''}. "
            "Select the lines of one customer, or leave the agreement empty."
        )
    if not customers:
        return (
            "The selected lines have no PSA Organization yet, so no agreement can be set. "
            "Choose the PSA Organization first (edit a line), then the agreement."
        )
    (customer,) = customers
    if agreement.company_id is not None and agreement.company_id != customer:
        return f"Agreement {agreement.name!r} belongs to another customer than the selected lines."
    return None


def plan_bulk_update(request: BulkUpdateRequest, lines: Iterable[MarkedLine]) -> BulkUpdatePlan:
    """The confirmation's content for `request` over the marked lines, or a `BulkUpdateError` saying why not."""
    if request.is_empty:
        raise BulkUpdateError(
            "Enter at least one value: Charge Start Date, Charge End Date or PSA Agreement Name "
            "(leave a field empty to keep the lines' current value)."
        )
    order = charge_dates_problem(request.charge_start, request.charge_end)
    if order is not None:
        raise BulkUpdateError(order)
    tally = _tally(request, lines)
    if tally.selected == 0:
        raise BulkUpdateError("No lines are selected: mark the lines to update first (space, or g then s).")
    if tally.synced:
        raise BulkUpdateError(
            f"{tally.synced:,} of the selected lines are already synced to ConnectWise and cannot be changed here; "
            "unmark them, or change them in ConnectWise."
        )
    if request.agreement is not None:
        problem = _agreement_problem(request.agreement, tally)
        if problem is not None:
            raise BulkUpdateError(problem)
    if tally.ends_before_new_start:
        assert request.charge_start is not None
        raise BulkUpdateError(
            f"{tally.ends_before_new_start:,} selected lines end before {request.charge_start.isoformat()}; "
            "set a Charge End Date as well, or choose an earlier start."
        )
    if tally.starts_after_new_end:
        assert request.charge_end is not None
        raise BulkUpdateError(
            f"{tally.starts_after_new_end:,} selected lines start after {request.charge_end.isoformat()}; "
            "set a Charge Start Date as well, or choose a later end."
        )
    return BulkUpdatePlan(request, tally.selected, _changes(request, tally))


def _changes(request: BulkUpdateRequest, tally: _Tally) -> tuple[FieldChange, ...]:
    changes: list[FieldChange] = []
    if request.charge_start is not None and tally.start_changes:
        changes.append(FieldChange(BulkField.CHARGE_START, request.charge_start.isoformat(), tally.start_changes))
    if request.charge_end is not None and tally.end_changes:
        changes.append(FieldChange(BulkField.CHARGE_END, request.charge_end.isoformat(), tally.end_changes))
    if request.agreement is not None and tally.agreement_changes:
        changes.append(FieldChange(BulkField.AGREEMENT, request.agreement.label, tally.agreement_changes))
    return tuple(changes)
