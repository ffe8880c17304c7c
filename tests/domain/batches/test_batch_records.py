"""What a batch holds: records named as a user recognises them, documents as the batch label names them."""

from __future__ import annotations

from batch_builders import batch, expense, freight, invoice, product
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind, RecordState
from tui_ledger.domain.documents import DocumentKind


def test_records_are_labelled_as_seed_001_names_them() -> None:
    assert invoice(12009, "508", "10.00").label == "invoice 508"
    assert expense(4351, "bbastine", "5.00").label == "expense 4351bbastine"
    assert freight(302, "984", "7.00").label == "PO 984 freight"
    assert product(20004, 302, "984", "9.00", line=2).label == "PO 984 line 2 (DELL-P2723D)"


def test_a_document_label_is_the_seed_000_batch_label() -> None:
    assert DocumentRef(DocumentKind.INVOICE, "508").label == "I508"
    assert DocumentRef(DocumentKind.EXPENSE, "4351bbastine").label == "E4351bbastine"
    assert DocumentRef(DocumentKind.PROCUREMENT, "984").title == "purchase order 984"


def test_freight_and_products_of_one_po_are_one_document() -> None:
    held = batch(63, "P984:ABCD", freight(302, "984", "7.00"), product(20004, 302, "984", "9.00"))

    assert held.holds_one_document
    assert held.labelled_document == DocumentRef(DocumentKind.PROCUREMENT, "984")
    assert held.batched_total == 16


def test_a_batch_of_several_documents_is_not_one_batch_per_document() -> None:
    held = batch(65, "AutoSync", invoice(1, "5005", "1.00"), invoice(2, "5006", "2.00", RecordState.UNBATCHED))

    assert not held.holds_one_document
    assert held.labelled_document is None
    assert [record.label for record in held.unbatched_records] == ["invoice 5006"]
    assert held.batched_total == 1


@given(kind=st.sampled_from(list(RecordKind)), record_id=st.integers(min_value=1, max_value=2**40))
def test_record_keys_read_back_from_their_text(kind: RecordKind, record_id: int) -> None:
    key = RecordKey(kind, record_id)

    assert RecordKey.parse(str(key)) == key
