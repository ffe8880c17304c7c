"""The query parameters every ConnectWise list, count and get accepts, and the `Link` header it answers with.

`conditions`, `childConditions`, `customFieldConditions` filter; `orderBy` sorts (`field asc|desc`, comma
separated; by `id` when absent); `fields` projects (`id,company/name`); `page` / `pageSize` page (default
25, at most 1000, both at least 1) with a `Link` header holding `first`, `prev`, `next` and `last` where they
exist; with the request header `pagination-type: forward-only`, `pageId` pages by id (`id > pageId`) and
`Link` holds only `next`. Parameter names are matched without regard to case, as ASP.NET binds them.
Anything the service cannot use is a 400 `InvalidObject` naming the parameter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from tui_ledger.sandbox.connectwise.conditions import ConditionError, Predicate, compile_conditions, resolve
from tui_ledger.sandbox.connectwise.errors import invalid_query

Body = dict[str, Any]

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
FORWARD_ONLY = "forward-only"


@dataclass(frozen=True, slots=True)
class ListQuery:
    predicates: tuple[Predicate, ...]
    order_by: tuple[tuple[tuple[str, ...], bool], ...]
    fields: tuple[tuple[str, ...], ...] | None
    page: int
    page_size: int
    page_id: int | None
    forward_only: bool

    def matches(self, row: Body) -> bool:
        return all(predicate(row) for predicate in self.predicates)


def _param(params: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in params.items():
        if key.lower() == wanted:
            return value
    return None


def _integer(params: Mapping[str, str], name: str, default: int | None) -> int | None:
    text = _param(params, name)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise invalid_query(name, f"{name} must be a whole number, not {text!r}") from None


def _known(fields: frozenset[str]) -> Callable[[tuple[str, ...]], bool]:
    return lambda path: path[0] in fields


def _compile(params: Mapping[str, str], name: str, known: Callable[[tuple[str, ...]], bool]) -> Predicate | None:
    text = _param(params, name)
    if text is None or not text.strip():
        return None
    try:
        return compile_conditions(text, known)
    except ConditionError as error:
        raise invalid_query(name, str(error)) from None


def _custom_fields(params: Mapping[str, str]) -> Predicate | None:
    """`customFieldConditions`: a row matches when one of its custom fields satisfies the condition."""
    text = _param(params, "customFieldConditions")
    if text is None or not text.strip():
        return None
    try:
        test = compile_conditions(text, lambda path: path[0] in ("id", "caption", "value", "type"))
    except ConditionError as error:
        raise invalid_query("customFieldConditions", str(error)) from None
    return lambda row: any(test(field) for field in row.get("customFields") or [] if isinstance(field, dict))


def _paths(text: str, parameter: str, fields: frozenset[str]) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        head = name.split()[0].split("/")[0]
        if head not in fields:
            raise invalid_query(parameter, f"unknown field {name.split()[0]!r}")
    return names


def parse_list_query(params: Mapping[str, str], headers: Mapping[str, str], fields: frozenset[str]) -> ListQuery:
    known = _known(fields)
    predicates = tuple(
        predicate
        for predicate in (
            _compile(params, "conditions", known),
            _compile(params, "childConditions", known),
            _custom_fields(params),
        )
        if predicate is not None
    )
    order: list[tuple[tuple[str, ...], bool]] = []
    order_text = _param(params, "orderBy")
    if order_text:
        for clause in _paths(order_text, "orderBy", fields):
            words = clause.split()
            direction = words[1].lower() if len(words) > 1 else "asc"
            if len(words) > 2 or direction not in ("asc", "desc"):
                raise invalid_query("orderBy", f"expected 'field asc' or 'field desc', not {clause!r}")
            order.append((tuple(words[0].split("/")), direction == "desc"))
    fields_text = _param(params, "fields")
    projection = (
        tuple(tuple(path.split("/")) for path in _paths(fields_text, "fields", fields)) if fields_text else None
    )
    page = _integer(params, "page", 1)
    page_size = _integer(params, "pageSize", DEFAULT_PAGE_SIZE)
    page_id = _integer(params, "pageId", None)
    if page is None or page < 1:
        raise invalid_query("page", f"page must be 1 or more, not {page}")
    if page_size is None or page_size < 1:
        raise invalid_query("pageSize", f"pageSize must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
    if page_size > MAX_PAGE_SIZE:
        raise invalid_query("pageSize", f"pageSize must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
    forward_only = (headers.get("pagination-type") or "").strip().lower() == FORWARD_ONLY
    if forward_only and order:
        raise invalid_query("orderBy", "orderBy cannot be combined with forward-only pagination (it orders by id)")
    return ListQuery(predicates, tuple(order), projection, page, page_size, page_id, forward_only)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | Decimal):
        return (2, value)
    if isinstance(value, str):
        return (3, value.casefold())
    return (4, str(value))


def filter_and_sort(rows: list[Body], query: ListQuery) -> list[Body]:
    selected = [row for row in rows if query.matches(row)] if query.predicates else list(rows)
    if query.forward_only or not query.order_by:
        return selected if _in_id_order(selected) else sorted(selected, key=lambda row: row.get("id", 0))
    for path, descending in reversed(query.order_by):
        if len(path) == 1:
            name = path[0]
            selected.sort(key=lambda row, name=name: _sort_key(row.get(name)), reverse=descending)
        else:
            selected.sort(key=lambda row, path=path: _sort_key(_first(resolve(row, path))), reverse=descending)
    return selected


def _first(values: list[Any]) -> Any:
    return values[0] if values else None


def _in_id_order(rows: list[Body]) -> bool:
    return all(rows[index]["id"] < rows[index + 1]["id"] for index in range(len(rows) - 1))


def project(row: Body, paths: tuple[tuple[str, ...], ...]) -> Body:
    """Only the requested fields of `row`, nested paths kept nested (`company/name` → `{"company": {"name"}}`)."""
    return projection(paths)(row)


@lru_cache(maxsize=64)
def projection(paths: tuple[tuple[str, ...], ...]) -> Projection:
    """The compiled form of a `fields` parameter; the same few field lists come back with every page."""
    return Projection(paths)


class Projection:
    """A `fields` projection worked out once per field list, then applied to every row.

    Applying the paths one by one cost 50 µs a row (ten thousand rows is half a second); grouped by their
    first name beforehand it is a few dictionary look-ups. A whole field (`company`) wins over its parts
    (`company/name`); a missing or null field is left out, and so is a nested object none of whose requested
    parts are present.
    """

    __slots__ = ("_parts",)

    def __init__(self, paths: tuple[tuple[str, ...], ...]) -> None:
        grouped: dict[str, list[tuple[str, ...]] | None] = {}
        for head, *rest in paths:
            if not rest:
                grouped[head] = None
            elif head not in grouped:
                grouped[head] = [tuple(rest)]
            elif (parts := grouped[head]) is not None:
                parts.append(tuple(rest))
        self._parts = tuple((name, _inner(rest)) for name, rest in grouped.items())

    def __call__(self, row: Body) -> Body:
        result: Body = {}
        for name, inner in self._parts:
            value = row.get(name)
            if value is None:
                continue
            if inner is not None:
                if not isinstance(value, dict):
                    continue
                if inner.__class__ is tuple:
                    value = {leaf: part for leaf in inner if (part := value.get(leaf)) is not None}
                else:
                    value = inner(value)
                if not value:
                    continue
            result[name] = value
        return result


def _inner(paths: list[tuple[str, ...]] | None) -> tuple[str, ...] | Projection | None:
    """What to keep of a nested object: everything (None), some of its fields (their names: the common
    `company/id,company/name` case, read in place), or a projection of its own for deeper paths."""
    if paths is None:
        return None
    if all(len(path) == 1 for path in paths):
        return tuple(dict.fromkeys(path[0] for path in paths))
    return Projection(tuple(paths))


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Body]
    link: str | None


def paginate(rows: list[Body], query: ListQuery, url: str, params: Mapping[str, str]) -> Page:
    """One page of already filtered and sorted rows, and the `Link` header that leads to the others."""
    if query.forward_only:
        after = query.page_id or 0
        remaining = [row for row in rows if row["id"] > after]
        chosen = remaining[: query.page_size]
        link = None
        if len(remaining) > query.page_size:
            kept = {k: v for k, v in params.items() if k.lower() not in ("page", "pageid")}
            link = f'<{url}?{urlencode({**kept, "pageId": chosen[-1]["id"]})}>; rel="next"'
        return Page(chosen, link)
    start = (query.page - 1) * query.page_size
    chosen = rows[start : start + query.page_size]
    last_page = max(1, math.ceil(len(rows) / query.page_size))
    kept = {k: v for k, v in params.items() if k.lower() != "page"}

    def target(page: int) -> str:
        return f"<{url}?{urlencode({**kept, 'page': page})}>"

    links = []
    if query.page > 1:
        links += [f'{target(1)}; rel="first"', f'{target(min(query.page - 1, last_page))}; rel="prev"']
    if query.page < last_page:
        links += [f'{target(query.page + 1)}; rel="next"', f'{target(last_page)}; rel="last"']
    return Page(chosen, ", ".join(links) or None)
