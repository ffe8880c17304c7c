"""The one search box (seed 001's four places in one): every way a user names a record or a batch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.batches.search import PurchaseOrderPart, SearchError, SearchTarget, parse_search
from tui_ledger.domain.documents import DocumentKind


@pytest.mark.parametrize(
    ("text", "target", "number", "member"),
    [
        ("invoice 508", SearchTarget.INVOICE, "508", None),
        ("inv #508", SearchTarget.INVOICE, "508", None),
        ("I508", SearchTarget.INVOICE, "508", None),
        ("expense 4351 bbastine", SearchTarget.EXPENSE, "4351", "bbastine"),
        ("E4351bbastine", SearchTarget.EXPENSE, "4351", "bbastine"),
        ("exp 4351", SearchTarget.EXPENSE, "4351", None),
        ("po 984", SearchTarget.PURCHASE_ORDER, "984", None),
        ("Purchase Order 984", SearchTarget.PURCHASE_ORDER, "984", None),
        ("P984", SearchTarget.PURCHASE_ORDER, "984", None),
        ("508", SearchTarget.ANY_NUMBER, "508", None),
    ],
)
def test_documents_in_words_or_as_batch_labels(
    text: str, target: SearchTarget, number: str, member: str | None
) -> None:
    query = parse_search(text)

    assert query.target is target
    assert query.number == number
    assert query.member == member


def test_po_freight_and_product_lines_are_named_individually() -> None:
    freight = parse_search("po 984 freight")
    line = parse_search("PO 984 line 2")
    item = parse_search("po 984 DELL-P2723D")

    assert freight.part is PurchaseOrderPart.FREIGHT
    assert (line.part, line.line_number) == (PurchaseOrderPart.PRODUCT, 2)
    assert (item.part, item.item) == (PurchaseOrderPart.PRODUCT, "DELL-P2723D")
    assert item.describes == "product DELL-P2723D of purchase order 984"


@pytest.mark.parametrize("text", ["I508:K3J9QX2A", "AutoSync 20251209-1730", "Month End 2025-12-10", "inventory"])
def test_anything_else_is_a_batch_identifier(text: str) -> None:
    query = parse_search(text)

    assert query.target is SearchTarget.BATCH
    assert query.text == text


def test_an_empty_box_says_what_to_type() -> None:
    with pytest.raises(SearchError, match="invoice, expense or PO number"):
        parse_search("  ")


@given(
    kind=st.sampled_from(list(DocumentKind)),
    number=st.integers(min_value=1, max_value=10**8),
    member=st.from_regex(r"[a-z][a-z0-9]{0,11}", fullmatch=True),
)
def test_every_seed_000_identifier_is_searched_as_that_batch_and_its_label_as_the_document(
    kind: DocumentKind, number: int, member: str
) -> None:
    identifier = BatchIdentifier.build(kind, str(number), member if kind is DocumentKind.EXPENSE else None)

    whole = parse_search(str(identifier))
    label = parse_search(identifier.label)

    assert whole.target is SearchTarget.BATCH
    assert label.number == str(number)
    assert label.member == (member if kind is DocumentKind.EXPENSE else None)
