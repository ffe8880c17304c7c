"""A company's tax-code map turns ConnectWise tax codes into the package's own, on every kind of document."""

from dataclasses import replace

from tests.domain.plans.builders import context, expense, invoice, line, product, purchase
from tui_ledger.domain.plans import DocumentPlan, PlanContext, plan_document


def mapped(**tax_codes: str) -> PlanContext:
    return replace(context(), tax_codes=tax_codes)


def sent_tax_codes(plan: DocumentPlan) -> list[str | None]:
    return [draft_line.tax_code for part in plan.parts for draft_line in part.draft.lines]


def test_mapped_codes_are_sent_as_the_packages_and_unmapped_ones_as_they_are() -> None:
    document = invoice([line("100.00", tax_code="RI", line_id=1), line("50.00", tax_code="OUTPUT2", line_id=2)])
    assert sent_tax_codes(plan_document(document, mapped(RI="TAX002"))) == ["TAX002", "OUTPUT2"]


def test_purchases_and_expenses_use_the_same_map() -> None:
    taxed_product = replace(product(), tax_code="MA")
    assert sent_tax_codes(plan_document(purchase([taxed_product]), mapped(MA="TAX001"))) == ["TAX001"]
    assert sent_tax_codes(plan_document(expense(tax_code="MA"), mapped(MA="TAX001"))) == ["TAX001"]


def test_without_a_map_codes_pass_through() -> None:
    assert sent_tax_codes(plan_document(invoice([line("100.00", tax_code="RI")]), context())) == ["RI"]
