"""What the sandbox services hold, read straight from their state files: the truth an export is judged against.

Reading the files (not the APIs) means a check cannot be fooled by the connector under test, and it sees exactly
what survived a killed process: every service commits a write before it answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.services.export.export_world import ExportWorld

QBO_DOCUMENT_KINDS = ("Invoice", "CreditMemo", "Bill", "VendorCredit", "Purchase")
QBO_PARTY_KINDS = ("Customer", "Vendor")


@dataclass(frozen=True)
class PackageCopy:
    """A document in the package: its kind there (ACCREC, CreditMemo…), number and whether it still counts."""

    kind: str
    number: str
    live: bool


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def package_copies(world: ExportWorld) -> list[PackageCopy]:
    path = world.hub.context.state_file(world.package)
    if world.package == "xero":
        wanted = "collection IN ('Invoices', 'CreditNotes')"
        rows = _read(path, f"SELECT collection, number, body FROM records WHERE {wanted}")
        copies = []
        for collection, number, body in rows:
            record = json.loads(str(body))
            kind = f"{collection}:{record.get('Type')}"
            copies.append(PackageCopy(kind, str(number), record.get("Status") not in ("VOIDED", "DELETED")))
        return copies
    marks = ",".join(f"'{kind}'" for kind in QBO_DOCUMENT_KINDS)
    rows = _read(path, f"SELECT kind, doc_number, deleted FROM entity WHERE kind IN ({marks})")
    return [PackageCopy(str(kind), str(number), not deleted) for kind, number, deleted in rows]


def copies_per_number(world: ExportWorld) -> Counter[tuple[str, str]]:
    """How many live documents the package holds under each (kind, number)."""
    return Counter((copy.kind, copy.number) for copy in package_copies(world) if copy.live)


def party_names(world: ExportWorld) -> Counter[str]:
    """How many contacts (Xero) or customers and vendors (QuickBooks) carry each name, case-folded."""
    path = world.hub.context.state_file(world.package)
    if world.package == "xero":
        rows = _read(path, "SELECT name FROM records WHERE collection = 'Contacts'")
    else:
        marks = ",".join(f"'{kind}'" for kind in QBO_PARTY_KINDS)
        rows = _read(path, f"SELECT kind || ':' || name FROM entity WHERE kind IN ({marks})")
    return Counter(str(name).casefold() for (name,) in rows)


@dataclass(frozen=True)
class ConnectWiseBatches:
    identifiers: Counter[str]
    """Batches per identifier (`I5001:K3J9QX2A`)."""
    labels: Counter[str]
    """Batches per label, the identifier before its colon (`I5001`): one batch per document means 1 each."""
    placements: Counter[tuple[str, int]]
    """Batches each record (invoice, expense, po_product, po_freight) is placed in, unbatched ones excluded."""
    batch_of: dict[tuple[str, int], str]
    """The identifier of each record's batch."""


def connectwise_batches(world: ExportWorld) -> ConnectWiseBatches:
    path = world.hub.context.state_file("connectwise")
    rows = _read(path, "SELECT id, identifier FROM batches")
    identifiers = {int(str(batch_id)): str(identifier) for batch_id, identifier in rows}
    placements: Counter[tuple[str, int]] = Counter()
    batch_of: dict[tuple[str, int], str] = {}
    for kind, record_id, batch_id, unbatched in _read(
        path, "SELECT record_kind, record_id, batch_id, unbatched FROM batch_records"
    ):
        if not unbatched:
            key = (str(kind), int(str(record_id)))
            placements[key] += 1
            batch_of[key] = identifiers[int(str(batch_id))]
    labels = Counter(identifier.rpartition(":")[0] for identifier in identifiers.values())
    return ConnectWiseBatches(Counter(identifiers.values()), labels, placements, batch_of)
