"""Both sandboxes bill the same demo world; read through their connectors they must tell the same story.

This is the strongest check of the AppXite cost join and the Pax8 item mapping at once: for the previous month
(every AppXite invoice issued), each subscription charge has the same period, quantity, cost and revenue on both
platforms, and each custom charge the same text and amount.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from tui_ledger.connectors.appxite import AppXiteSource
from tui_ledger.connectors.pax8 import Pax8Source
from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine

APRIL = (date(2026, 4, 1), date(2026, 4, 30))


def fingerprint(line: InvoiceLine) -> tuple[object, ...]:
    if line.is_custom_invoice:
        return ("custom", line.organization_id, line.description, line.quantity, line.cost, line.revenue)
    return (
        line.organization_id,
        line.organization_name,
        line.subscription_id,
        line.offer_name,
        line.charge_start_date,
        line.charge_end_date,
        line.quantity,
        line.cost,
        line.revenue,
    )


async def test_appxite_and_pax8_give_the_same_month(appxite_source: AppXiteSource, pax8_source: Pax8Source) -> None:
    appxite = [line async for page in appxite_source.invoice_lines(*APRIL) for line in page]
    pax8 = [line async for page in pax8_source.invoice_lines(*APRIL) for line in page]
    assert appxite
    assert Counter(map(fingerprint, appxite)) == Counter(map(fingerprint, pax8))


async def test_recurring_and_one_time_agree_where_both_platforms_can_say(
    appxite_source: AppXiteSource, pax8_source: Pax8Source
) -> None:
    """AppXite's Item Fee (per-item licences, one-time in AppXite's terms) is a plain subscription line on Pax8;
    every other line must be recurring on one platform exactly when it is on the other."""
    appxite = [line async for page in appxite_source.invoice_lines(*APRIL) for line in page]
    pax8 = [line async for page in pax8_source.invoice_lines(*APRIL) for line in page]
    item_fees = {fingerprint(line) for line in appxite if line.charge_type is ChargeType.ITEM_FEE}
    assert item_fees

    def recurring(lines: list[InvoiceLine]) -> Counter[tuple[object, ...]]:
        return Counter((fingerprint(line), line.is_recurring) for line in lines if fingerprint(line) not in item_fees)

    assert recurring(appxite) == recurring(pax8)
