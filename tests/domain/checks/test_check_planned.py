"""Checking with the plans a Retrieve already made: the same verdicts as planning again, never someone else's plans."""

import pytest

from tests.domain.plans.builders import context, empty_invoice, invoice, line, purchase, snapshot
from tui_ledger.domain.checks import check_documents
from tui_ledger.domain.documents import Reference
from tui_ledger.domain.plans import plan_document, plan_documents


def test_plans_made_for_the_look_up_give_the_same_verdicts_as_planning_again() -> None:
    documents = [
        invoice([line("100.00", account="4999")], number="1", invoice_id=1),
        invoice(number="2", invoice_id=2),
        empty_invoice("3"),
        purchase(vendor=Reference(401, "TD", "TD Synnex")),
    ]
    plans = context()
    planned = plan_documents(documents, plans)
    assert planned == tuple(plan_document(document, plans) for document in documents)
    assert check_documents(documents, snapshot(), plans, planned=planned) == check_documents(
        documents, snapshot(), plans
    )


def test_plans_of_other_documents_are_refused() -> None:
    documents = [invoice(number="1", invoice_id=1), invoice(number="2", invoice_id=2)]
    plans = context()
    for wrong in (plan_documents(documents[:1], plans), plan_documents(reversed(documents), plans)):
        with pytest.raises(ValueError, match="same order"):
            check_documents(documents, snapshot(), plans, planned=wrong)
