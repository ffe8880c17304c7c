"""Reading QBO's three error dialects, classifying refusals, and refusing malformed records by name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest

from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse, ServiceUnavailable
from tui_ledger.connectors.quickbooks.book import ReferenceBook
from tui_ledger.connectors.quickbooks.faults import (
    DuplicateDocNumber,
    DuplicateName,
    QboError,
    QuickBooksErrorMapper,
    StaleObject,
    errors_of_response,
    problem_of,
    read_quickbooks_error,
)
from tui_ledger.connectors.quickbooks.payloads import prepare_document
from tui_ledger.connectors.quickbooks.records import document
from tui_ledger.domain.accounting import DocumentDraft, DocumentType, LineDraft, PartyRef, ProblemKind

CALL = CallSite("QuickBooks Online", "POST", "/company/1/invoice")
THROTTLE_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3">'
    b'<Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429'
    b"</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>"
)


def _fault(code: str, detail: str = "detail", status: int = 400) -> httpx.Response:
    body = {"Fault": {"Error": [{"Message": "msg", "Detail": detail, "code": code, "element": ""}], "type": "X"}}
    return httpx.Response(status, json=body)


def test_the_three_error_dialects_read_alike() -> None:
    capital = errors_of_response(_fault("6140", "Duplicate Document Number Error : DocNumber=1"))
    lower = errors_of_response(
        httpx.Response(401, json={"fault": {"error": [{"message": "AuthenticationFailed", "code": "3200"}]}})
    )
    xml = errors_of_response(httpx.Response(429, content=THROTTLE_XML))

    assert [(e.code, e.detail) for e in capital] == [("6140", "Duplicate Document Number Error : DocNumber=1")]
    assert [(e.code, e.message) for e in lower] == [("3200", "AuthenticationFailed")]
    assert [(e.code, e.detail) for e in xml] == [("3001", "The request limit was reached.  Try again later")]
    assert read_quickbooks_error(httpx.Response(429, content=THROTTLE_XML)).code == "3001"


@pytest.mark.parametrize(
    ("code", "kind"), [("6140", DuplicateDocNumber), ("6240", DuplicateName), ("5010", StaleObject)]
)
def test_codes_workflows_act_on_become_their_own_errors(code: str, kind: type) -> None:
    mapper = QuickBooksErrorMapper("run `tui-ledger auth quickbooks --profile p` to sign in", "42")

    error = mapper.error_for(400, read_quickbooks_error(_fault(code)), CALL)

    assert type(error) is kind
    assert error.code == code


def test_a_401_and_a_5xx_read_as_what_to_do_and_unavailable() -> None:
    mapper = QuickBooksErrorMapper("run `tui-ledger auth quickbooks --profile p` to sign in", "42")

    refused = mapper.error_for(401, read_quickbooks_error(_fault("3200", status=401)), CALL)
    down = mapper.error_for(503, read_quickbooks_error(httpx.Response(503, text="Service Unavailable")), CALL)

    assert isinstance(refused, AuthenticationFailed)
    assert "tui-ledger auth quickbooks --profile p" in str(refused)
    assert isinstance(down, ServiceUnavailable)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (QboError("610", "Object Not Found", "made inactive", "Line.AccountBasedExpenseLineDetail.AccountRef"), "A"),
        (QboError("610", "Object Not Found", "made inactive", "Line.AccountBasedExpenseLineDetail.CustomerRef"), "C"),
        (QboError("2500", "Invalid Reference Id", "Invalid Reference Id : TaxCode element id 9 not found"), "T"),
        (QboError("2500", "Invalid Reference Id", "x", "Line.SalesItemLineDetail.ItemRef"), "I"),
        (QboError("6000", "Business Validation Error", "Transaction amount must be positive."), "O"),
    ],
)
def test_refusals_are_classified_by_code_and_element(error: QboError, kind: str) -> None:
    expected = {
        "A": ProblemKind.ARCHIVED_ACCOUNT,
        "C": ProblemKind.UNKNOWN_CONTACT,
        "T": ProblemKind.UNKNOWN_TAX,
        "I": ProblemKind.UNKNOWN_ITEM,
        "O": ProblemKind.OTHER,
    }[kind]

    problem = problem_of(error)

    assert problem.kind is expected
    assert error.code in problem.message


def test_a_record_without_its_total_is_malformed_by_name() -> None:
    with pytest.raises(MalformedResponse) as raised:
        document("Invoice", {"Id": "7", "DocNumber": "508"}, ReferenceBook())

    assert raised.value.field == "TotalAmt"
    assert raised.value.record == "Invoice 508"


def test_amounts_are_cents_with_quantity_and_price_alongside() -> None:
    book = ReferenceBook.of(
        {"Customer": [{"Id": "3", "DisplayName": "Acme"}], "Item": [{"Id": "9", "Name": "LAB-REMOTE"}]}
    )
    draft = DocumentDraft(
        document_type=DocumentType.SALES_INVOICE,
        idempotency_key="k",
        contact=PartyRef(name="ACME"),
        issue_date=date(2026, 11, 1),
        lines=(LineDraft("Support", Decimal("2.5"), Decimal("33.335"), item_code="lab-remote"),),
    )

    prepared = prepare_document(draft, book)

    assert prepared.body is not None
    line = prepared.body["Line"][0]
    assert line["Amount"] == Decimal("83.34")
    assert line["SalesItemLineDetail"] == {
        "ItemRef": {"value": "9"},
        "Qty": Decimal("2.5"),
        "UnitPrice": Decimal("33.335"),
    }
    assert prepared.body["CustomerRef"] == {"value": "3"}
