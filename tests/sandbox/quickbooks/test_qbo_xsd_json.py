"""The JSON-against-XSD check the sandbox and the contract tests rely on: it must catch what QBO would refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_ledger.sandbox.quickbooks.xsd_json import JsonConformance, qbo_schema

CHECK = JsonConformance()
VALID_INVOICE = {
    "DocNumber": "508",
    "TxnDate": "2026-10-31",
    "CustomerRef": {"value": "12", "name": "Acme"},
    "Line": [
        {
            "Amount": Decimal("100.00"),
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": {"value": "3"}, "Qty": 2, "UnitPrice": Decimal("50")},
        }
    ],
    "TxnTaxDetail": {"TotalTax": Decimal("0")},
    "MetaData": {"CreateTime": "2026-10-31T09:00:00-07:00"},
    "sparse": False,
    "domain": "QBO",
}


def test_the_schema_knows_the_entities_tui_ledger_uses() -> None:
    entities = qbo_schema().substitutes["IntuitObject"]

    assert {"Invoice", "CreditMemo", "Bill", "Purchase", "Customer", "Vendor", "Item", "Account", "TaxCode"} <= entities


def test_a_valid_invoice_passes() -> None:
    assert CHECK.entity("Invoice", VALID_INVOICE) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"InvoiceNumber": "1"}, "Invoice.InvoiceNumber"),
        ({"TxnDate": "31/10/2026"}, "Invoice.TxnDate"),
        ({"Line": {"Amount": 1}}, "Invoice.Line"),
        ({"DocNumber": ["508"]}, "Invoice.DocNumber"),
        ({"CustomerRef": {"value": "12", "id": "12"}}, "Invoice.CustomerRef.id"),
        ({"GlobalTaxCalculation": "Sometimes"}, "Invoice.GlobalTaxCalculation"),
        ({"TotalAmt": 1.5}, "Invoice.TotalAmt"),
        ({"AllowOnlinePayment": "yes"}, "Invoice.AllowOnlinePayment"),
    ],
)
def test_each_kind_of_mistake_is_reported_where_it_is(change: dict[str, object], path: str) -> None:
    violations = CHECK.entity("Invoice", {**VALID_INVOICE, **change})

    assert [violation.path for violation in violations] == [path]


def test_nested_line_details_are_checked() -> None:
    line = {"Amount": 1, "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": {"ItemRef": {}, "Quantity": 1}}

    violations = CHECK.entity("Invoice", {**VALID_INVOICE, "Line": [line]})

    assert [violation.path for violation in violations] == ["Invoice.Line[0].SalesItemLineDetail.Quantity"]


def test_responses_faults_queries_and_batches_have_their_envelopes() -> None:
    time = {"time": "2026-10-31T09:00:00.123-07:00"}
    fault = {"Fault": {"Error": [{"Message": "m", "Detail": "d", "code": "6140", "element": ""}], "type": "X"}}

    assert CHECK.response({"Invoice": VALID_INVOICE, **time}) == []
    assert CHECK.response({**fault, **time}) == []
    assert CHECK.response({"QueryResponse": {"Invoice": [VALID_INVOICE], "startPosition": 1, "maxResults": 1}}) == []
    assert CHECK.response({"BatchItemResponse": [{"bId": "1", **fault}], **time}) == []
    assert CHECK.batch_request({"BatchItemRequest": [{"bId": "1", "operation": "create", "Invoice": {}}]}) == []
    assert CHECK.response({"QueryResponse": {"Invoice": VALID_INVOICE}}) != []
    assert CHECK.batch_request({"BatchItemRequest": [{"bId": "1", "operation": "upsert"}]}) != []
