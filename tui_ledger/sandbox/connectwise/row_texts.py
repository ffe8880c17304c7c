"""The JSON of a page of Unposted rows, each row encoded once per ledger load and reused.

Unposted rows never change while they are listed (batching removes a row, it does not alter it), and a
Retrieve pages through the same ten thousand rows with the same `fields` every time. Encoding a row (and
projecting it) is most of a list request's cost; joining cached texts is almost none of it.
"""

from __future__ import annotations

from typing import Any

from tui_ledger.sandbox.connectwise.jsonout import dumps
from tui_ledger.sandbox.connectwise.ledger import Fields, Ledger
from tui_ledger.sandbox.connectwise.listing import projection

Body = dict[str, Any]


def rows_json(ledger: Ledger, listing: str, rows: list[Body], fields: Fields) -> str:
    """`rows` as a JSON array, each projected to `fields` (None: whole), from the cache where possible."""
    texts = ledger.row_texts.setdefault((listing, fields), {})
    project = projection(fields) if fields is not None else None
    parts = []
    for row in rows:
        text = texts.get(row["id"])
        if text is None:
            text = texts[row["id"]] = dumps(project(row) if project is not None else row)
        parts.append(text)
    return "[" + ",".join(parts) + "]"
