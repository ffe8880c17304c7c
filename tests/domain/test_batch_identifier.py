"""Seed 000: GL batch labels `I<invoice#>`, `E<expense#><member>`, `P<PO#>` + `:` + random characters, at most 50."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.batch_identifier import MAX_LENGTH, BatchIdentifier, BatchIdentifierError
from tui_ledger.domain.documents import DocumentKind


def fixed(length: int) -> str:
    return "X" * length


def test_seed_000_examples_parse_to_the_documents_they_name() -> None:
    invoice = BatchIdentifier.parse("I508:K3J9QX2A")
    expense = BatchIdentifier.parse("E4351bbastine:Q7X2")
    purchase = BatchIdentifier.parse("P984:ZZ11")

    assert (invoice.kind, invoice.number, invoice.document_number) == (DocumentKind.INVOICE, "508", "508")
    assert (expense.kind, expense.number, expense.member) == (DocumentKind.EXPENSE, "4351", "bbastine")
    assert expense.document_number == "4351bbastine"
    assert (purchase.kind, purchase.document_number) == (DocumentKind.PROCUREMENT, "984")


def test_built_identifiers_have_the_seed_000_shape() -> None:
    assert str(BatchIdentifier.build(DocumentKind.INVOICE, "508", random=fixed)) == "I508:XXXXXXXX"
    assert (
        str(BatchIdentifier.build(DocumentKind.EXPENSE, "4351", "bbastine", random=fixed)) == "E4351bbastine:XXXXXXXX"
    )
    assert str(BatchIdentifier.build(DocumentKind.PROCUREMENT, "984", random=fixed)) == "P984:XXXXXXXX"


def test_random_part_differs_between_builds() -> None:
    first = BatchIdentifier.build(DocumentKind.INVOICE, "508")
    second = BatchIdentifier.build(DocumentKind.INVOICE, "508")
    assert first.label == second.label == "I508"
    assert first.suffix != second.suffix


def test_long_po_numbers_shrink_the_random_part_but_never_exceed_50() -> None:
    number = "9" * 44
    built = BatchIdentifier.build(DocumentKind.PROCUREMENT, number)
    assert len(str(built)) == MAX_LENGTH
    assert len(built.suffix) == 4
    with pytest.raises(BatchIdentifierError, match="too long"):
        BatchIdentifier.build(DocumentKind.PROCUREMENT, "9" * 45)


@pytest.mark.parametrize(
    ("kind", "number", "member", "message"),
    [
        (DocumentKind.EXPENSE, "4351", None, "member"),
        (DocumentKind.EXPENSE, "43A", "bob", "digits"),
        (DocumentKind.INVOICE, "508", "bob", "only expenses"),
        (DocumentKind.INVOICE, "", None, "needs the document number"),
        (DocumentKind.INVOICE, "5:08", None, "':'"),
    ],
)
def test_building_rejects_what_would_not_parse_back(kind, number, member, message) -> None:
    with pytest.raises(BatchIdentifierError, match=message):
        BatchIdentifier.build(kind, number, member)


@pytest.mark.parametrize("text", ["", "I508", "X508:AB", "I:AB", "I508:", "E4351:AB", "Ebob:AB", "I" + "1" * 50 + ":A"])
def test_foreign_batch_names_are_not_mistaken_for_ours(text: str) -> None:
    assert BatchIdentifier.try_parse(text) is None
    with pytest.raises(BatchIdentifierError):
        BatchIdentifier.parse(text)


numbers = st.text(alphabet="0123456789", min_size=1, max_size=15)
members = st.from_regex(r"[a-zA-Z][a-zA-Z0-9._-]{0,14}", fullmatch=True)


@given(number=numbers, member=members)
def test_expense_identifiers_round_trip(number: str, member: str) -> None:
    built = BatchIdentifier.build(DocumentKind.EXPENSE, number, member)
    assert BatchIdentifier.parse(str(built)) == built
    assert len(str(built)) <= MAX_LENGTH


@given(
    number=st.from_regex(r"[A-Za-z0-9-]{1,40}", fullmatch=True),
    kind=st.sampled_from([DocumentKind.INVOICE, DocumentKind.PROCUREMENT]),
)
def test_invoice_and_po_identifiers_round_trip(number: str, kind: DocumentKind) -> None:
    built = BatchIdentifier.build(kind, number)
    assert BatchIdentifier.parse(str(built)) == built
