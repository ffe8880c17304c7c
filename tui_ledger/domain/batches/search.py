"""The one search box of the Batches screen: every way a user names a record's batch, read into one query.

Seed 001 sends the user to four screens to find a GL batch id; competitors.md §3.4 says no tool has one
lookup. The box takes whatever the user holds in hand:

- a batch identifier: `I508:K3J9QX2A`, or another tool's name for a batch such as `AutoSync 20251209-1730`;
- a seed-000 label without its random part: `I508`, `E4351bbastine`, `P984`;
- a document in words: `invoice 508`, `expense 4351 bbastine` (or `expense 4351`), `po 984`;
- a part of a purchase order: `po 984 freight`, `po 984 line 2`, `po 984 DELL-P2723D` (the product);
- a bare number, `508`, which may be an invoice, a purchase order or an expense: all are looked for.

Pure parsing; the service decides which ConnectWise reads answer each form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind


class SearchError(ValueError):
    """The search text names nothing that can be looked up."""


class SearchTarget(StrEnum):
    BATCH = "batch"
    INVOICE = "invoice"
    EXPENSE = "expense"
    PURCHASE_ORDER = "purchase_order"
    ANY_NUMBER = "any_number"


class PurchaseOrderPart(StrEnum):
    WHOLE = "whole"
    FREIGHT = "freight"
    PRODUCT = "product"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look up. `number` is the document number (for expenses the expense id, `member` apart)."""

    target: SearchTarget
    text: str
    number: str | None = None
    member: str | None = None
    part: PurchaseOrderPart = PurchaseOrderPart.WHOLE
    line_number: int | None = None
    item: str | None = None

    @property
    def describes(self) -> str:
        """The query in words, for "nothing found for …" messages."""
        if self.target is SearchTarget.BATCH:
            return f"batch {self.text!r}"
        if self.target is SearchTarget.INVOICE:
            return f"invoice {self.number}"
        if self.target is SearchTarget.EXPENSE:
            return f"expense {self.number}{' of ' + self.member if self.member else ''}"
        if self.target is SearchTarget.PURCHASE_ORDER:
            if self.part is PurchaseOrderPart.FREIGHT:
                return f"the freight of purchase order {self.number}"
            if self.part is PurchaseOrderPart.PRODUCT:
                which = f"line {self.line_number}" if self.line_number is not None else f"product {self.item}"
                return f"{which} of purchase order {self.number}"
            return f"purchase order {self.number}"
        return f"number {self.number}"


_INVOICE_WORDS = ("invoice", "inv", "i")
_EXPENSE_WORDS = ("expense", "exp", "e")
_PO_WORDS = ("purchase order", "purchaseorder", "po", "p")
_NUMBER = r"(?P<number>(?=[A-Za-z0-9._/-]*\d)[A-Za-z0-9][A-Za-z0-9._/-]*)"
_WORDS = re.compile(r"(?P<word>" + "|".join(_INVOICE_WORDS + _EXPENSE_WORDS + _PO_WORDS) + r")[.:#\s-]*(?P<rest>.+)")
_EXPENSE = re.compile(r"(?P<number>\d+)\s*(?P<member>[A-Za-z][\w.-]*)?")
_PO_REST = re.compile(_NUMBER + r"(?:\s+(?P<part>.+))?")
_LINE = re.compile(r"(?:line|ln|#)\s*(?P<line>\d+)")
_BARE_NUMBER = re.compile(r"#?\s*(?P<number>\d+)")


def parse_search(text: str) -> SearchQuery:
    """Read the search box. Raises `SearchError` for an empty box; anything else is at least a batch name."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise SearchError("type an invoice, expense or PO number, or a batch identifier")
    identifier = BatchIdentifier.try_parse(cleaned)
    if identifier is not None and " " not in cleaned:
        return SearchQuery(SearchTarget.BATCH, cleaned)
    bare = _BARE_NUMBER.fullmatch(cleaned)
    if bare is not None:
        return SearchQuery(SearchTarget.ANY_NUMBER, cleaned, number=bare["number"])
    worded = _WORDS.fullmatch(cleaned.lower())
    if worded is not None:
        rest = cleaned[len(cleaned) - len(worded["rest"]) :]
        query = _worded(worded["word"], rest, cleaned)
        if query is not None:
            return query
    return SearchQuery(SearchTarget.BATCH, cleaned)


def _worded(word: str, rest: str, text: str) -> SearchQuery | None:
    """`invoice 508`, `E4351bbastine`, `po 984 line 2`…; None when the words do not fit (then it is a batch name)."""
    if word in _INVOICE_WORDS:
        number = rest.strip()
        if re.fullmatch(_NUMBER, number) and " " not in number:
            return SearchQuery(SearchTarget.INVOICE, text, number=number)
        return None
    if word in _EXPENSE_WORDS:
        expense = _EXPENSE.fullmatch(rest.strip())
        if expense is None:
            return None
        return SearchQuery(SearchTarget.EXPENSE, text, number=expense["number"], member=expense["member"])
    purchase = _PO_REST.fullmatch(rest.strip())
    if purchase is None:
        return None
    number, part = purchase["number"], (purchase["part"] or "").strip()
    if not part:
        return SearchQuery(SearchTarget.PURCHASE_ORDER, text, number=number)
    if part.lower() == "freight":
        return SearchQuery(SearchTarget.PURCHASE_ORDER, text, number=number, part=PurchaseOrderPart.FREIGHT)
    line = _LINE.fullmatch(part.lower())
    if line is not None:
        return SearchQuery(
            SearchTarget.PURCHASE_ORDER,
            text,
            number=number,
            part=PurchaseOrderPart.PRODUCT,
            line_number=int(line["line"]),
        )
    item = part.removeprefix("product").strip() or part
    return SearchQuery(SearchTarget.PURCHASE_ORDER, text, number=number, part=PurchaseOrderPart.PRODUCT, item=item)


def document_kind_of(target: SearchTarget) -> DocumentKind | None:
    return {
        SearchTarget.INVOICE: DocumentKind.INVOICE,
        SearchTarget.EXPENSE: DocumentKind.EXPENSE,
        SearchTarget.PURCHASE_ORDER: DocumentKind.PROCUREMENT,
    }.get(target)
