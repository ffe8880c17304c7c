"""Reading collections the way GET endpoints do: id and number lists, statuses, `where`, `order`, pages.

Explicit lists (`IDs=`, `InvoiceNumbers=`) are answered from the store's indexes, as Xero recommends them
"for faster response times"; `where` is evaluated on the records in wire shape. Pages hold 100 records unless
`pageSize` (at most 1000) says otherwise, and come with a `pagination` object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams

from tui_ledger.sandbox.xero.store import Record
from tui_ledger.sandbox.xero.where import FilterError, apply_order, parse_where
from tui_ledger.sandbox.xero.wire import parse_ms_instant

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def csv_values(params: QueryParams, name: str) -> list[str]:
    """A comma-separated list parameter (`InvoiceNumbers=INV-1,INV-2`), repeated parameters included."""
    values: list[str] = []
    for raw in params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def flag(params: QueryParams, name: str) -> bool:
    return params.get(name, "").strip().lower() == "true"


def modified_since(header: str | None) -> datetime | None:
    """The `If-Modified-Since` header as an instant (ISO 8601; a time without zone is UTC)."""
    if not header:
        return None
    try:
        moment = datetime.fromisoformat(header.strip().replace("Z", "+00:00"))
    except ValueError:
        raise FilterError(f"If-Modified-Since '{header}' is not an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Page:
    records: list[Record]
    pagination: dict[str, int] | None


def select(
    records: list[Record],
    params: QueryParams,
    *,
    since: datetime | None = None,
    extra: Callable[[Record], bool] | None = None,
) -> list[Record]:
    """Apply `where`, `If-Modified-Since`, any endpoint-specific test, then `order`."""
    where = params.get("where")
    predicate = parse_where(where) if where else None
    chosen = []
    for record in records:
        if predicate is not None and not predicate(record):
            continue
        if since is not None:
            updated = parse_ms_instant(str(record.get("UpdatedDateUTC") or ""))
            if updated is None or updated < since:
                continue
        if extra is not None and not extra(record):
            continue
        chosen.append(record)
    return apply_order(chosen, params.get("order"))


def paginate(records: list[Record], params: QueryParams) -> Page:
    raw_page = params.get("page")
    if raw_page is None:
        return Page(records, None)
    try:
        page = max(int(raw_page), 1)
        size = int(params.get("pageSize", DEFAULT_PAGE_SIZE))
    except ValueError:
        raise FilterError("page and pageSize must be whole numbers") from None
    size = min(max(size, 1), MAX_PAGE_SIZE)
    count = len(records)
    start = (page - 1) * size
    pagination = {"page": page, "pageSize": size, "pageCount": (count + size - 1) // size, "itemCount": count}
    return Page(records[start : start + size], pagination)


def casefolded(values: list[str]) -> set[str]:
    return {value.casefold() for value in values}


def field_in(field: str, wanted: set[str]) -> Callable[[Record], bool]:
    def test(record: Record) -> bool:
        value: Any = record
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return str(value or "").casefold() in wanted

    return test
