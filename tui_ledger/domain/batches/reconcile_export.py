"""The reconcile summary a user saves and sends on (to the accountant, to a ticket): CSV or JSON.

One row per document compared, discrepancies first, with both amounts and the difference as plain decimal
text (no thousands separators, no floats) so a spreadsheet reads them exactly.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from tui_ledger.domain.batches.reconcile import Finding, ReconcileReport

COLUMNS = (
    "document",
    "number",
    "kind",
    "connectwise",
    "batches",
    "connectwise_amount",
    "package_amount",
    "difference",
    "currency",
    "standing",
    "discrepancy",
    "fixes",
    "package_copies",
    "message",
)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def finding_row(finding: Finding) -> dict[str, str]:
    ledger = finding.ledger
    return {
        "document": ledger.document.label,
        "number": ledger.document.number,
        "kind": ledger.document.kind.value,
        "connectwise": ledger.state.value,
        "batches": " | ".join(ledger.batches),
        "connectwise_amount": _text(ledger.amount),
        "package_amount": _text(finding.package_amount),
        "difference": _text(finding.difference),
        "currency": _text(ledger.currency),
        "standing": finding.standing.value,
        "discrepancy": _text(finding.kind.value if finding.kind else None),
        "fixes": " ".join(fix.value for fix in finding.fixes),
        "package_copies": finding.package.summary,
        "message": finding.message,
    }


def report_rows(report: ReconcileReport) -> list[dict[str, str]]:
    ordered = sorted(report.findings, key=lambda finding: not finding.is_discrepancy)
    return [finding_row(finding) for finding in ordered]


def report_csv(report: ReconcileReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report_rows(report))
    return buffer.getvalue()


def report_json(report: ReconcileReport) -> dict[str, Any]:
    return {
        "package": report.package,
        "at": report.at.isoformat() if report.at else None,
        "summary": report.summary,
        "compared": len(report.findings),
        "discrepancies": len(report.discrepancies),
        "by_kind": {kind.name.lower(): count for kind, count in report.by_kind().items()},
        "by_standing": {standing.name.lower(): count for standing, count in report.by_standing().items()},
        "documents": report_rows(report),
    }
