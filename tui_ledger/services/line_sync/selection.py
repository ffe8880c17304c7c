"""Which lines a sync sends: every line not yet Synced, only the marked ones, or the lines named by key (the
row's own Sync Invoice Line); unmapped ones are counted.

Seed 003: "post all fully mapped Invoice lines … If specific rows are selected via the checkbox column, only
those rows are synced", "Sync Invoice Line … triggers an immediate sync of this single line", and "Lines with
Mapping Status of Unmapped are skipped silently and remain at Not Synced". Synced lines are never sent again
(they can be neither marked nor edited).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.domain.line_sync import LineForSync
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import Badge, PsaStatus
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord
from tui_ledger.store.line_sync import LineSyncJournal

READ_CHUNK = 5_000
"""Lines read from the store per query while selecting (a window, not the whole period at once)."""


@dataclass(frozen=True, slots=True)
class SelectedLines:
    """The lines to send, with their keys in the period, and how many were left out for being unmapped."""

    lines: list[tuple[int, LineForSync]]
    unmapped: int

    @property
    def considered(self) -> int:
        return len(self.lines) + self.unmapped


def line_for_sync(record: LineRecord, charge_type_names: Mapping[ChargeType, str]) -> LineForSync:
    """The sync's view of a grid line: its values as edited, and whether a rule or a person set its end."""
    posted_type = ChargeType.CORRECTION if record.is_custom_invoice else record.charge_type
    return LineForSync(
        source_platform=record.source_platform,
        platform_line_id=record.platform_line_id,
        subscription_id=record.subscription_id,
        charge_type=record.charge_type,
        is_custom_invoice=record.is_custom_invoice,
        description=record.description,
        offer_name=record.offer_name,
        quantity=record.quantity,
        cost=record.cost,
        revenue=record.revenue,
        invoice_date=record.invoice_date,
        charge_start_date=record.charge_start_date,
        charge_end_date=record.charge_end_date,
        end_date_set=record.charge_end_badge is not Badge.NONE,
        company_id=record.psa_company_id,
        agreement_id=record.psa_agreement_id,
        create_agreement=record.psa_agreement_new,
        product_id=record.psa_product_id,
        charge_type_name=charge_type_names.get(posted_type) or posted_type.label,
    )


def select_lines(
    store: InvoiceLineStore,
    journal: LineSyncJournal,
    period: BillingPeriod,
    *,
    marked_only: bool,
    charge_type_names: Mapping[ChargeType, str],
    keys: Sequence[int] | None = None,
) -> SelectedLines:
    """The period's lines for one sync, in line order: `keys` when given, else the marked lines (`marked_only`),
    else every line not yet Synced."""
    loaded = store.loaded(period)
    if keys is not None:
        keys = sorted(set(keys))
    elif marked_only:
        keys = store.grid(period).marked_keys()
    else:
        keys = journal.unsynced_keys(loaded)
    editor = store.editor(period)
    chosen: list[tuple[int, LineForSync]] = []
    unmapped = 0
    for start in range(0, len(keys), READ_CHUNK):
        for record in editor.records(keys[start : start + READ_CHUNK]):
            if record.psa_status is PsaStatus.SYNCED:
                continue
            line = line_for_sync(record, charge_type_names)
            if line.is_mapped:
                chosen.append((record.key, line))
            else:
                unmapped += 1
    return SelectedLines(chosen, unmapped)
