"""Finding a GL batch by its identifier without walking every batch.

The connector reads each batch it creates back with `conditions=batchIdentifier="I5001:…"`, and a resumed run looks
one up the same way before creating it again. Evaluated over every batch, an export of N documents cost O(N²) in
the sandbox (at 2,000 documents most of the export bench's tail). The ledger keeps its batches by case-folded
identifier (ConnectWise keeps identifiers unique regardless of case), and a listing whose conditions pin the
identifier with `=` (alone or and-ed with other tests) starts from that one batch. The whole query is still applied
to it, so the answer is exactly what the walk over every batch gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_ledger.sandbox.connectwise.conditions import Comparison, ConditionError, Node, parse
from tui_ledger.sandbox.connectwise.ledger import Ledger

Body = dict[str, Any]
IDENTIFIER_PATH = ("batchIdentifier",)


def pinned_identifier(conditions: str | None) -> str | None:
    """The identifier every match must have (`batchIdentifier = "…"`, possibly and-ed), or None if it varies.

    Conditions the grammar refuses give None: the listing then parses them itself and answers with its 400.
    """
    if conditions is None or not conditions.strip():
        return None
    try:
        return _pinned(parse(conditions))
    except ConditionError:
        return None


def _pinned(node: Node) -> str | None:
    if isinstance(node, Comparison):
        equal = node.operator == "=" and not node.negated
        return node.value if equal and node.path == IDENTIFIER_PATH and isinstance(node.value, str) else None
    if node.operator != "and":
        return None
    return next((found for part in node.parts if (found := _pinned(part)) is not None), None)


def batch_rows_for(ledger: Ledger, params: Mapping[str, str]) -> list[Body] | None:
    """The batch a query pins by identifier (none, or one), or None when it pins none and every batch must be read."""
    conditions = next((value for name, value in params.items() if name.lower() == "conditions"), None)
    identifier = pinned_identifier(conditions)
    if identifier is None:
        return None
    batch = ledger.batch_named(identifier)
    return [] if batch is None else [ledger.batch_body(batch)]
