"""Idempotency keys: deterministic per PSA document, recomputable by the journal, and unambiguous to parse."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.plans.builders import QUICKBOOKS, context, expense, invoice, line, purchase
from tui_ledger.domain.plans import IdempotencyKey, IdempotencyKeyError, KeySubject, plan_document

components = st.text(min_size=1, max_size=20)


@given(
    profile=components,
    target=components,
    subject=st.sampled_from(KeySubject),
    psa_id=components,
    part=components,
    attempt=st.integers(1, 10_000),
)
def test_a_rendered_key_parses_back_to_its_parts(
    profile: str, target: str, subject: KeySubject, psa_id: str, part: str, attempt: int
) -> None:
    key = IdempotencyKey(profile, target, subject, psa_id, part, attempt)
    assert IdempotencyKey.parse(str(key)) == key


def test_the_rule_is_profile_target_subject_id_part_attempt() -> None:
    assert str(IdempotencyKey("sandbox", "Demo Xero", KeySubject.INVOICE, "12001", "main", 1)) == (
        "sandbox:Demo Xero:invoice:12001:main:1"
    )
    assert str(IdempotencyKey("p", "Co: East", KeySubject.ITEM, "50%", "-", 2)) == "p:Co%3A East:item:50%25:-:2"


@pytest.mark.parametrize("text", ["a:b:invoice:1:main", "a:b:nonsense:1:main:1", "a:b:invoice:1:main:x"])
def test_text_not_in_the_key_form_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(IdempotencyKeyError, match=repr(text)):
        IdempotencyKey.parse(text)


def test_attempts_start_at_one() -> None:
    with pytest.raises(IdempotencyKeyError, match="attempt"):
        IdempotencyKey("p", "t", KeySubject.INVOICE, "1", attempt=0)


def test_planning_twice_gives_the_same_keys_so_a_restart_replays_instead_of_duplicating() -> None:
    for document in (invoice([line("100.00"), line("-20.00", line_id=2)]), expense(), purchase()):
        first = plan_document(document, context())
        again = plan_document(document, context())
        assert [part.draft.idempotency_key for part in first.parts] == [
            part.draft.idempotency_key for part in again.parts
        ]


def test_keys_name_the_psa_document_its_part_and_attempt() -> None:
    plan = plan_document(invoice([line("100.00"), line("-20.00", line_id=2)]), context(), attempt=3)
    keys = [IdempotencyKey.parse(part.draft.idempotency_key) for part in plan.parts]
    assert [(key.subject, key.psa_id, key.part, key.attempt) for key in keys] == [
        (KeySubject.INVOICE, "12001", "main", 3),
        (KeySubject.INVOICE, "12001", "credit", 3),
    ]
    assert IdempotencyKey.parse(plan_document(purchase(), context()).parts[0].draft.idempotency_key).psa_id == "984"
    assert IdempotencyKey.parse(plan_document(expense(), context()).parts[0].draft.idempotency_key).psa_id == "4351"


def test_another_target_company_or_attempt_gives_another_key() -> None:
    document = invoice()
    xero = plan_document(document, context()).parts[0].draft.idempotency_key
    quickbooks = plan_document(document, context(QUICKBOOKS)).parts[0].draft.idempotency_key
    retry = plan_document(document, context(), attempt=2).parts[0].draft.idempotency_key
    assert len({xero, quickbooks, retry}) == 3


def test_contact_and_item_keys_do_not_depend_on_the_document() -> None:
    one = plan_document(invoice([line("10.00", item="MS-365")], number="1", invoice_id=1), context())
    two = plan_document(invoice([line("20.00", item="MS-365")], number="2", invoice_id=2), context())
    assert one.contact == two.contact
    assert one.items[0].idempotency_key == two.items[0].idempotency_key
    assert IdempotencyKey.parse(one.contact.idempotency_key).psa_id == "customer-ACME"
