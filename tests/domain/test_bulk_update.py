"""Seed 003's Bulk Update rules: dates across customers, the agreement only for one customer, at least one value,
a confirmation that lists only what changes, and no confirmation when nothing would change."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.bulk_update import (
    CREATE_NEW_AGREEMENT_LABEL,
    AgreementValue,
    BulkField,
    BulkUpdateError,
    BulkUpdateRequest,
    MarkedLine,
    charge_dates_problem,
    plan_bulk_update,
)

MAY_1 = date(2026, 5, 1)
MAY_31 = date(2026, 5, 31)
ANNUAL = AgreementValue(31, "Annual", company_id=19)


def line(company: int | None = 19, start: date | None = MAY_1, end: date | None = None, **facts: object) -> MarkedLine:
    values: dict[str, object] = {"agreement_id": None, "agreement_new": False, "synced": False} | facts
    return MarkedLine(company, start, end, **values)  # type: ignore[arg-type]


def test_the_confirmation_counts_the_lines_and_lists_the_agreement_as_the_seed_shows_it() -> None:
    plan = plan_bulk_update(BulkUpdateRequest(agreement=ANNUAL), [line(), line(), line()])
    assert plan.count_text == "You are about to update 3 selected invoice lines."
    assert [change.text for change in plan.changes] == ["PSA Agreement Name: Annual"]


def test_dates_can_be_set_across_customers() -> None:
    request = BulkUpdateRequest(charge_start=MAY_1, charge_end=MAY_31)
    plan = plan_bulk_update(request, [line(19, start=None), line(7, start=None), line(None, start=None)])
    assert [change.text for change in plan.changes] == [
        "Charge Start Date: 2026-05-01",
        "Charge End Date: 2026-05-31",
    ]


def test_an_agreement_for_lines_of_different_customers_fails_with_a_clear_error() -> None:
    with pytest.raises(BulkUpdateError, match="same customer; the 2 selected lines belong to 2 customers"):
        plan_bulk_update(BulkUpdateRequest(agreement=ANNUAL), [line(19), line(7)])


def test_an_agreement_for_lines_without_an_organization_asks_for_the_organization_first() -> None:
    with pytest.raises(BulkUpdateError, match="no PSA Organization yet"):
        plan_bulk_update(BulkUpdateRequest(agreement=ANNUAL), [line(None), line(None)])


def test_an_agreement_of_another_customer_is_refused() -> None:
    with pytest.raises(BulkUpdateError, match="belongs to another customer"):
        plan_bulk_update(BulkUpdateRequest(agreement=ANNUAL), [line(7)])


def test_at_least_one_value_is_needed() -> None:
    assert BulkUpdateRequest().is_empty
    with pytest.raises(BulkUpdateError, match="Enter at least one value"):
        plan_bulk_update(BulkUpdateRequest(), [line()])


def test_values_the_lines_already_have_change_nothing_and_are_not_listed() -> None:
    plan = plan_bulk_update(BulkUpdateRequest(charge_start=MAY_1), [line(start=MAY_1), line(start=MAY_1)])
    assert not plan.has_changes
    plan = plan_bulk_update(
        BulkUpdateRequest(charge_start=MAY_1, charge_end=MAY_31), [line(start=MAY_1, end=None), line(start=MAY_1)]
    )
    assert [change.field for change in plan.changes] == [BulkField.CHARGE_END]
    assert plan.changes[0].lines == 2


def test_create_new_agreement_is_a_value_of_its_own() -> None:
    new = AgreementValue(create_new=True)
    plan = plan_bulk_update(BulkUpdateRequest(agreement=new), [line(agreement_id=31), line(agreement_new=True)])
    assert [change.text for change in plan.changes] == [f"PSA Agreement Name: {CREATE_NEW_AGREEMENT_LABEL}"]
    assert plan.changes[0].lines == 1


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(BulkUpdateError, match="before Charge Start Date"):
        plan_bulk_update(BulkUpdateRequest(charge_start=MAY_31, charge_end=MAY_1), [line()])
    with pytest.raises(BulkUpdateError, match="1 selected lines end before 2026-05-31"):
        plan_bulk_update(BulkUpdateRequest(charge_start=MAY_31), [line(end=date(2026, 5, 20)), line(end=None)])
    with pytest.raises(BulkUpdateError, match="1 selected lines start after 2026-04-30"):
        plan_bulk_update(BulkUpdateRequest(charge_end=date(2026, 4, 30)), [line(start=MAY_1), line(start=None)])


def test_synced_or_no_lines_are_refused() -> None:
    with pytest.raises(BulkUpdateError, match="already synced"):
        plan_bulk_update(BulkUpdateRequest(charge_start=MAY_1), [line(synced=True)])
    with pytest.raises(BulkUpdateError, match="No lines are selected"):
        plan_bulk_update(BulkUpdateRequest(charge_start=MAY_1), [])


def test_an_agreement_value_is_existing_or_new_never_both() -> None:
    with pytest.raises(ValueError):
        AgreementValue(31, "Annual", create_new=True)
    with pytest.raises(ValueError):
        AgreementValue()


def test_charge_dates_problem_names_both_dates() -> None:
    assert charge_dates_problem(MAY_1, MAY_31) is None
    assert charge_dates_problem(None, MAY_1) is None
    assert charge_dates_problem(MAY_31, MAY_1) == "Charge End Date 2026-05-01 is before Charge Start Date 2026-05-31."


days = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))


@given(st.lists(days, min_size=1, max_size=12), st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_a_start_date_is_listed_exactly_when_some_line_changes(starts: list[date | None], new_start: date) -> None:
    plan = plan_bulk_update(BulkUpdateRequest(charge_start=new_start), [line(start=start) for start in starts])
    changed = sum(start != new_start for start in starts)
    assert plan.selected == len(starts)
    assert plan.has_changes == (changed > 0)
    assert [change.lines for change in plan.changes] == ([changed] if changed else [])
