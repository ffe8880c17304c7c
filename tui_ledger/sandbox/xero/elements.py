"""Per-element outcomes of a write call, and the two ways Xero reports them.

With `summarizeErrors=false` every element comes back in request order with `StatusAttributeString` `OK`,
`WARNING` or `ERROR`, failing ones echoing what was sent with their `ValidationErrors` (HTTP 200). Without it,
any failure turns the answer into a 400 `ValidationException` listing only the failing elements — while the
valid elements of the same call are still saved and their ids are lost to the client. The sandbox copies that
trap faithfully, which is why the connector always asks for `summarizeErrors=false`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.responses import Response

from tui_ledger.sandbox.xero.ledger import public
from tui_ledger.sandbox.xero.responses import validation_exception
from tui_ledger.sandbox.xero.store import Record
from tui_ledger.sandbox.xero.wire import json_response, ms_datetime


@dataclass(slots=True)
class ElementOutcome:
    """What became of one element: the saved record, or the errors found (the element is echoed with them)."""

    echo: Record
    record: Record | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors

    def rendered(self, error_flag: str) -> Record:
        if self.ok:
            assert self.record is not None
            body = public(self.record)
            if self.warnings:
                body["Warnings"] = [{"Message": message} for message in self.warnings]
                body["StatusAttributeString"] = "WARNING"
            else:
                body["StatusAttributeString"] = "OK"
            return body
        echo = dict(self.echo)
        echo[error_flag] = True
        echo["StatusAttributeString"] = "ERROR"
        echo["ValidationErrors"] = [{"Message": message} for message in self.errors]
        return echo


def envelope(provider_name: str, now: datetime) -> dict[str, Any]:
    """The fields every Accounting API answer starts with."""
    return {
        "Id": str(uuid.uuid4()),
        "Status": "OK",
        "ProviderName": provider_name,
        "DateTimeUTC": ms_datetime(now, with_offset=False),
    }


def elements_of(body: object, plural: str, singular_marker: str) -> list[Record] | None:
    """The elements of a write body: `{"Invoices": [...]}`, or one bare object as Xero also accepts."""
    if isinstance(body, dict):
        items = body.get(plural)
        if isinstance(items, list) and all(isinstance(item, dict) for item in items):
            return items
        if items is None and singular_marker in body:
            return [body]
    return None


def write_response(
    outcomes: Sequence[ElementOutcome],
    plural: str,
    *,
    summarize_errors: bool,
    error_flag: str,
    head: dict[str, Any],
) -> Response:
    if not summarize_errors:
        return json_response({**head, plural: [outcome.rendered(error_flag) for outcome in outcomes]})
    failed = [outcome.rendered(error_flag) for outcome in outcomes if not outcome.ok]
    if failed:
        return validation_exception(failed)
    return json_response({**head, plural: [outcome.rendered(error_flag) for outcome in outcomes]})


def summarize_errors_requested(raw: str | None) -> bool:
    """Xero summarises unless told `summarizeErrors=false` (whatever the spec's `default: false` says)."""
    return raw is None or raw.strip().lower() != "false"
