"""QuickBooks Online's error answers, in the shapes the reference (PART B6, B7) records.

Data-service errors are a capital-F `Fault` holding `Error` objects with a string `code` (XSD `Error`, `Fault`).
Each helper below builds one error the real service gives, with its code, Message and the Detail wording seen in
the field, so a connector written against the sandbox maps the same codes it will meet in production.
The throttle answer is XML even when JSON was asked for and carries no `Retry-After`: clients must cope with that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.responses import JSONResponse, PlainTextResponse, Response

from tui_ledger.sandbox.quickbooks.qbo_json import json_response

VALIDATION_FAULT = "ValidationFault"
INACTIVE_DETAIL = (
    "Object Not Found : Something you're trying to use has been made inactive. "
    "Check the fields with accounts, customers, items, vendors or employees."
)


@dataclass(frozen=True, slots=True)
class FaultError:
    code: str
    message: str
    detail: str
    element: str = ""

    def as_json(self) -> dict[str, str]:
        return {"Message": self.message, "Detail": self.detail, "code": self.code, "element": self.element}


class QboFault(Exception):
    """A Fault the sandbox answers with; raised anywhere in request handling, rendered once by the app."""

    def __init__(self, error: FaultError, fault_type: str = VALIDATION_FAULT, status: int = 400) -> None:
        super().__init__(f"{error.code} {error.message}: {error.detail}")
        self.error = error
        self.fault_type = fault_type
        self.status = status

    def as_json(self) -> dict[str, object]:
        """The `Fault` object alone, as it appears in a response or in a `BatchItemResponse`."""
        return {"Error": [self.error.as_json()], "type": self.fault_type}

    def response(self, now: datetime) -> Response:
        return json_response({"Fault": self.as_json(), "time": qbo_time(now)}, status=self.status)


def qbo_time(now: datetime) -> str:
    """The `time` stamp of every response, an xs:dateTime with milliseconds."""
    return now.isoformat(timespec="milliseconds")


def _validation(code: str, message: str, detail: str, element: str = "") -> QboFault:
    return QboFault(FaultError(code, message, detail, element))


def unsupported_property(detail: str, element: str = "") -> QboFault:
    return _validation(
        "2010",
        "Request has invalid or unsupported property",
        f"Property Name:{detail} specified is unsupported or invalid",
        element,
    )


def required_param_missing(param: str) -> QboFault:
    return _validation(
        "2020",
        "Required param missing, need to supply the required value for the API",
        f"Required parameter {param} is missing in the request",
        param,
    )


def invalid_enumeration(param: str, value: str) -> QboFault:
    return _validation("2170", "Invalid Enumeration", f"Invalid Enumeration : {value} for {param}", param)


def invalid_reference(kind: str, reference_id: str, element: str) -> QboFault:
    return _validation(
        "2500", "Invalid Reference Id", f"Invalid Reference Id : {kind} element id {reference_id} not found", element
    )


def object_not_found(element: str = "") -> QboFault:
    return _validation("610", "Object Not Found", INACTIVE_DETAIL, element)


def unsupported_operation(operation: str, entity: str) -> QboFault:
    return _validation("500", "Unsupported Operation", f"Operation {operation} is not supported for {entity}.")


def stale_object(user: str = "Demo Admin") -> QboFault:
    return _validation(
        "5010",
        "Stale Object Error",
        f"Stale Object Error : You and {user} were working on this at the same time. "
        f"{user} finished before you did, so your work was not saved.",
    )


def business_validation(detail: str, element: str = "") -> QboFault:
    return _validation(
        "6000",
        "A business validation error has occurred while processing your request",
        f"Business Validation Error: {detail}",
        element,
    )


def amount_mismatch(amount: str) -> QboFault:
    return _validation(
        "6070",
        "Amount is not equal to UnitPrice * Qty",
        f"Amount is not equal to UnitPrice * Qty. Supplied value:{amount}",
    )


def duplicate_doc_number(doc_number: str, txn_type: str, txn_id: str) -> QboFault:
    return _validation(
        "6140",
        "Duplicate Document Number Error",
        "Duplicate Document Number Error : You must specify a different number. This number has already been used. "
        f"DocNumber={doc_number} is assigned to TxnType={txn_type} with TxnId={txn_id}",
    )


def duplicate_name(holder: str) -> QboFault:
    return _validation(
        "6240",
        "Duplicate Name Exists Error",
        f"The name supplied already exists. : Another {holder} is already using this name. "
        "Please use a different name.",
    )


def batch_too_large(size: int, limit: int) -> QboFault:
    return _validation("1040", "Batch size exceeds allowed limit", f"Batch size {size} exceeds the limit of {limit}")


def duplicate_request_id(request_id: str) -> QboFault:
    return _validation(
        "600", "Duplicate Request ID", f"Request ID {request_id} was already used by a different operation", "requestid"
    )


def invalid_request_id(detail: str) -> QboFault:
    return _validation("2050", "Invalid String Length", detail, "requestid")


def query_parse_error(detail: str) -> QboFault:
    return _validation("4000", "Error parsing query", f"QueryParserError: {detail}")


def query_validation_error(detail: str) -> QboFault:
    return _validation("4001", "Invalid query", f"QueryValidationError: {detail}")


def authentication_failed() -> QboFault:
    """401: no token, an unknown one or an expired one."""
    error = FaultError("3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", "")
    return QboFault(error, "AuthenticationFault", 401)


def authorization_failed() -> QboFault:
    """403: a good token used for a company (realm) it was not granted for."""
    error = FaultError("3100", "message=AuthorizationFailed; errorCode=003100; statusCode=403", "")
    return QboFault(error, "AuthorizationFault", 403)


def throttled_response(now: datetime | None = None) -> Response:
    """429 from the gateway: XML, Fault type SERVICE, and deliberately no Retry-After header."""
    now = now or datetime.now(UTC)
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="{qbo_time(now)}">'
        '<Fault type="SERVICE"><Error code="3001">'
        "<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>"
        "<Detail>The request limit was reached.  Try again later</Detail>"
        "</Error></Fault></IntuitResponse>"
    )
    return Response(body, status_code=429, media_type="application/xml")


def server_error_response(status: int, now: datetime | None = None) -> Response:
    """5xx: a SystemFault from the data service for 500, the gateway's plain text for the others."""
    now = now or datetime.now(UTC)
    if status == 500:
        error = FaultError("10000", "An application error has occurred while processing your request", "System Failure")
        return JSONResponse({"Fault": {"Error": [error.as_json()], "type": "SystemFault"}, "time": qbo_time(now)}, 500)
    return PlainTextResponse("Service Unavailable", status_code=status)


def render_error(status: int) -> Response:
    """The service's own body for an injected fault (the hub's FaultMiddleware): 429 throttle or a 5xx."""
    return throttled_response() if status == 429 else server_error_response(status)
