"""Pax8's paging and sorting query parameters, answered the way its Spring back end does.

The page envelope `{"content": [...], "page": {"size", "totalElements", "totalPages", "number"}}` is the spec's.
`page` is 0-based (default 0) and `size` defaults to 10 with a maximum of 200. Like Spring's pageable resolver,
a larger `size` is silently capped at 200 and an unreadable or negative value falls back to the default: a
client that detects the last page by "fewer items than I asked for" stops early, and the sandbox shows it.
Sort is `field` or `field,asc|desc`, restricted to the fields each endpoint documents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from tui_ledger.sandbox.pax8.state import DocumentPage, SortOrder

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 200


class BadQuery(ValueError):
    """A query parameter the API would answer with 400 Bad Request."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    size: int


def _whole_number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def page_request(query: Mapping[str, str]) -> PageRequest:
    page = _whole_number(query.get("page"))
    size = _whole_number(query.get("size"))
    return PageRequest(
        page=page if page is not None and page >= 0 else 0,
        size=min(size, MAX_PAGE_SIZE) if size is not None and size >= 1 else DEFAULT_PAGE_SIZE,
    )


def sort_order(query: Mapping[str, str], allowed: Mapping[str, str]) -> SortOrder | None:
    """Parse `sort=field[,direction]`; `allowed` maps each documented field to its JSON path."""
    text = query.get("sort")
    if not text:
        return None
    field, _, direction = text.partition(",")
    field, direction = field.strip(), direction.strip().lower() or "asc"
    if field not in allowed:
        raise BadQuery(f"Invalid sort field '{field}'; allowed: {', '.join(allowed)}")
    if direction not in ("asc", "desc"):
        raise BadQuery(f"Invalid sort direction '{direction}'; use asc or desc")
    return SortOrder(json_path=allowed[field], descending=direction == "desc")


def enum_value(query: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    """A query parameter restricted to the spec's enum; absent → None, anything else → BadQuery."""
    value = query.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise BadQuery(f"Invalid value '{value}' for parameter '{name}'; allowed: {', '.join(allowed)}")
    return value


def page_envelope(found: DocumentPage, request: PageRequest) -> str:
    """The spec's page envelope, as JSON text built around the stored document texts."""
    total_pages = math.ceil(found.total / request.size)
    page = f'{{"size":{request.size},"totalElements":{found.total},"totalPages":{total_pages},"number":{request.page}}}'
    return f'{{"content":[{",".join(found.bodies)}],"page":{page}}}'
