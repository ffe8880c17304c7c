"""The Mapping screen's dialogues: pick a ConnectWise company and its agreement, or a product, or which mapping to
remove, each as a short run of pickers and questions.

They run as App tasks (the screen starts them with `run_task`), because each waits for the user's answers
(`push_screen_wait`); each returns what it did (`Mapped`: the sentence to show, and the fill of lines the
mapping still owes, which the screen runs in a worker thread), or None when the user backed out. Mapping itself
is the service's (`LineMapping`): these only ask and record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.app import App

from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.services.invoice_lines.directory import product_label
from tui_ledger.services.invoice_lines.mapping import OfferRow, OrganizationRow
from tui_ledger.services.invoice_lines.mapping_fill import LineFill
from tui_ledger.store.line_mappings import NEW_AGREEMENT, NO_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.modals.lines_picker import PickScreen
from tui_ledger.ui.screens.invoice_lines_fields import NEW_AGREEMENT_OPTION

NO_AGREEMENT_OPTION = -2
"""The agreement picker's "none: choose on each line" entry."""


@dataclass(frozen=True, slots=True)
class Mapped:
    """What a dialogue did: what to tell the user, and the fill of loaded lines still to run (None: none change).

    With a fill, the sentence is shown once the fill is done, saying how many lines it filled."""

    news: str
    fill: LineFill | None = None

    def sentence(self, filled: int | None = None) -> str:
        return f"{self.news}." if filled is None else f"{self.news}; {filled:,} lines filled."


def agreement_label(choice: AgreementChoice) -> str:
    if choice.create_new:
        return "New (default type)"
    return choice.name or "(choose per line)"


async def choose_company(
    app: App[Any],
    lines: InvoiceLinesService,
    row: OrganizationRow,
    today: date,
    *,
    add: bool,
    suggested: int | None,
    skip_company: bool = False,
) -> Mapped | None:
    """Pick the company (unless `skip_company`: the suggestion), then its agreement; map; say what was done."""
    organization = row.organization
    companies = {company.id: company for company in await lines.directory.companies()}
    if suggested is None and row.suggestion is not None:
        suggested = row.suggestion.candidate.id
    company_id = suggested if skip_company else None
    if company_id is None:
        verb = "Add a company for" if add else "PSA Organization for"
        company_id = await app.push_screen_wait(
            PickScreen(
                "Map organization",
                f"{verb} {organization.name}",
                [(company.name, company.id) for company in companies.values()],
                suggested=suggested,
            )
        )
    if company_id is None:
        return None
    company = companies[company_id]
    agreements = await lines.directory.agreements(company_id)
    options = [
        ("New agreement (default type)", NEW_AGREEMENT_OPTION),
        *((agreement.name, agreement.id) for agreement in agreements),
        ("None: choose on each line", NO_AGREEMENT_OPTION),
    ]
    picked = await app.push_screen_wait(
        PickScreen("Map organization", f"Agreement for {organization.name} at {company.name}", options)
    )
    if picked is None:
        return None
    names = {agreement.id: agreement.name for agreement in agreements}
    if picked == NEW_AGREEMENT_OPTION:
        agreement = NEW_AGREEMENT
    elif picked == NO_AGREEMENT_OPTION:
        agreement = NO_AGREEMENT
    else:
        agreement = AgreementChoice(picked, names[picked])
    choice = CompanyChoice(company.id, company.name, agreement)
    fill = lines.mapping.record_organization(organization, choice, today, make_default=not add)
    if add:
        return Mapped(f"{organization.name} also maps to {company.name}", fill)
    return Mapped(f"{organization.name} maps to {company.name} ({agreement_label(agreement)})", fill)


async def choose_product(
    app: App[Any], lines: InvoiceLinesService, row: OfferRow, today: date, *, suggested: int | None
) -> Mapped | None:
    """Pick the product by typing; map the offer; say what was done."""
    products = {item.id: item for item in await lines.directory.products()}
    if suggested is None and row.suggestion is not None:
        suggested = row.suggestion.candidate.id
    picked = await app.push_screen_wait(
        PickScreen(
            "Map offer",
            f"PSA Product for {row.offer.name}",
            [(product_label(item), item.id) for item in products.values()],
            suggested=suggested,
        )
    )
    if picked is None:
        return None
    item = products[picked]
    fill = lines.mapping.record_offer(row.offer, ProductChoice(item.id, item.identifier), today)
    return Mapped(f"{row.offer.name} maps to {item.identifier}", fill)


async def remove_company(app: App[Any], lines: InvoiceLinesService, row: OrganizationRow) -> Mapped | None:
    """Which of the organization's companies to drop (asked only when there are several), then a y/n question."""
    companies = [mapping.company for mapping in row.companies]
    company_id: int | None = companies[0].company_id
    if len(companies) > 1:
        company_id = await app.push_screen_wait(
            PickScreen(
                "Remove mapping",
                f"Which company should {row.organization.name} no longer map to?",
                [(company.company_name, company.company_id) for company in companies],
            )
        )
    if company_id is None:
        return None
    name = next(company.company_name for company in companies if company.company_id == company_id)
    question = AskScreen(
        "Remove mapping",
        f"Remove the mapping of {row.organization.name} to {name}?",
        ("New lines stop getting it; lines already filled keep it until edited.",),
        yes="Remove",
    )
    if not await app.push_screen_wait(question):
        return None
    lines.mapping.unmap_organization(row.organization, company_id)
    return Mapped(f"{row.organization.name} no longer maps to {name}")
