"""Items: each product a line names must exist and be active in the package, or be created when Settings allow.

A product is found by its code or its name (Xero keys items by Code, QuickBooks by Name). Down-payment lines
name the GL mapping's product or the configured default ("Down Payment", seed 002), and in QuickBooks, which posts
every sales line through an item, a line without a product names the item configured for its GL account, else the
default sales item ("Services").
Those items are checked like any other — a package without them refuses the line — and the fix then also names
the setting that chose them.
"""

from __future__ import annotations

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import Findings
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.checks.snapshot import name_key
from tui_ledger.domain.plans import DocumentPlan


def item_uses(plan: DocumentPlan) -> dict[str, list[str]]:
    """Item code → the labels of the lines naming it, in order of first use (case-insensitive codes)."""
    uses: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for part in plan.parts:
        for line, origin in zip(part.draft.lines, part.origins, strict=True):
            code = (line.item_code or "").strip()
            if code:
                first = spelled.setdefault(name_key(code), code)
                uses.setdefault(first, []).append(origin.label)
    return uses


def check_items(plan: DocumentPlan, context: CheckContext) -> Findings:
    label = document_label(plan.document)
    package = context.package
    drafts = {name_key(item.code): item for item in plan.items}
    found: list[Problem] = []
    to_create = []
    for code, used_by in item_uses(plan).items():
        records = context.snapshot.items_named(code)
        where = ", ".join(used_by)
        if any(record.active for record in records):
            continue
        if records:
            found.append(
                Problem(
                    kind=CheckKind.ITEM_INACTIVE,
                    message=f"{label}: product '{code}' ({where}) is inactive in {package}",
                    fix=context.in_package(f"make item '{code}' active again"),
                    value=code,
                )
            )
        elif context.plans.options.create_missing_items and name_key(code) in drafts:
            to_create.append(drafts[name_key(code)])
        else:
            setting = _settings_chosen(plan, context).get(name_key(code))
            instead = f", or set another '{setting}' in Settings" if setting else ""
            found.append(
                Problem(
                    kind=CheckKind.ITEM_MISSING,
                    message=f"{label}: product '{code}' ({where}) is not an item in {package}",
                    fix=context.in_package(
                        f"add item '{code}', or turn on 'create missing items' in Settings{instead}"
                    ),
                    value=code,
                )
            )
    return Findings(problems=tuple(found), items_to_create=tuple(to_create))


def _settings_chosen(plan: DocumentPlan, context: CheckContext) -> dict[str, str]:
    """Item key → the export setting that put it on a line without a ConnectWise product of its own."""
    by_account = context.plans.options.sales_items_by_account
    chosen: dict[str, str] = {}
    for part in plan.parts:
        for line, origin in zip(part.draft.lines, part.origins, strict=True):
            if line.item_code and not (origin.psa_item or "").strip():
                account = (line.account_code or "").strip()
                if origin.is_down_payment:
                    setting = "down payment product"
                elif account in by_account:
                    setting = f"sales item for account {account}"
                else:
                    setting = "default sales item"
                chosen.setdefault(name_key(line.item_code), setting)
    return chosen
