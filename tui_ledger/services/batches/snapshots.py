"""Plain-JSON pictures of batches, records and package copies: the `before` and `after` of System Logs entries
and the `--json` output of the headless command. Amounts are decimal text, never floats."""

from __future__ import annotations

from typing import Any

from tui_ledger.domain.batches.package import PackageCopy, PackageSide
from tui_ledger.domain.batches.records import Batch, BatchRecord


def record_state(record: BatchRecord) -> dict[str, Any]:
    return {
        "record": str(record.key),
        "label": record.label,
        "document": record.document.label,
        "amount": str(record.amount),
        "currency": record.currency,
        "state": record.state.value,
    }


def batch_state(batch: Batch | None) -> dict[str, Any] | None:
    if batch is None:
        return None
    return {
        "id": batch.id,
        "identifier": batch.identifier,
        "closed": batch.closed,
        "entered": batch.entered_at.isoformat() if batch.entered_at else None,
        "records": [record_state(record) for record in batch.records],
    }


def copy_state(copy: PackageCopy) -> dict[str, Any]:
    return {
        "type": copy.document_type.value,
        "id": copy.target_id,
        "number": copy.number,
        "status": copy.status.value,
        "total": str(copy.total),
        "currency": copy.currency,
        "contact": copy.contact,
    }


def package_state(side: PackageSide | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {
        "document": side.document.label,
        "package": side.package,
        "looked_up": side.looked_up,
        "copies": [copy_state(copy) for copy in side.copies],
    }
