"""Reading QuickBooks Online's Faults and turning them into typed errors and per-document problems.

QBO answers errors in three dialects (reference PART B6): the data service's `{"Fault": {"Error": [{Message, Detail,
code, element}], "type"}}`, the gateway's lower-case `{"fault": {"error": [...]}}`, and XML (the 429 throttle,
sometimes 401/403) even when JSON was asked for. All three are read here into `QboError`s. A whole call that fails
raises a typed `ConnectorError` (with QBO-specific subclasses for the codes a workflow reacts to: 6140, 6240,
5010); one failed item of a batch becomes a `PackageProblem` on its result, classified by code and element.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from tui_ledger.connectors.error_mapping import CallSite, ServiceMessage, StatusErrorMapper, read_generic_error_body
from tui_ledger.connectors.errors import AuthenticationFailed, ConnectorError, Forbidden, ValidationFailed
from tui_ledger.domain.accounting import PackageProblem, ProblemKind

LONGEST_XML_BODY = 100_000


class DuplicateDocNumber(ValidationFailed):
    """6140: the document number is already used by another document of this type."""


class DuplicateName(ValidationFailed):
    """6240: the name is already used by a customer, vendor or employee (or another item, account)."""


class StaleObject(ValidationFailed):
    """5010: someone changed the record since it was read; read it again and retry."""


CODE_ERRORS: dict[str, type[ValidationFailed]] = {
    "6140": DuplicateDocNumber,
    "6240": DuplicateName,
    "5010": StaleObject,
}


@dataclass(frozen=True, slots=True)
class QboError:
    code: str
    message: str
    detail: str = ""
    element: str = ""

    @property
    def text(self) -> str:
        """QBO's own words: the Detail when it says more than the Message."""
        return self.detail or self.message or f"QuickBooks error {self.code}"


def errors_of_fault(fault: Any) -> list[QboError]:
    """The errors of a `Fault` (or gateway `fault`) object."""
    if not isinstance(fault, Mapping):
        return []
    entries = fault.get("Error", fault.get("error"))
    errors: list[QboError] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping):
            errors.append(
                QboError(
                    code=str(entry.get("code") or ""),
                    message=str(entry.get("Message") or entry.get("message") or ""),
                    detail=str(entry.get("Detail") or entry.get("detail") or ""),
                    element=str(entry.get("element") or ""),
                )
            )
    return errors


def errors_of_response(response: httpx.Response) -> list[QboError]:
    """Errors from any of QBO's three error dialects; empty when the body carries none."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return _errors_of_xml(response.content)
    if isinstance(body, Mapping):
        return errors_of_fault(body.get("Fault", body.get("fault")))
    return []


def _errors_of_xml(content: bytes) -> list[QboError]:
    if not content.lstrip().startswith(b"<") or len(content) > LONGEST_XML_BODY:
        return []
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return []
    errors = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "Error":
            children = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in element}
            errors.append(
                QboError(
                    code=element.get("code", ""),
                    message=children.get("Message", ""),
                    detail=children.get("Detail", ""),
                    element=element.get("element", ""),
                )
            )
    return errors


def read_quickbooks_error(response: httpx.Response) -> ServiceMessage:
    errors = errors_of_response(response)
    if not errors:
        return read_generic_error_body(response)
    return ServiceMessage(
        errors[0].text, tuple(f"{error.text} ({error.code})" for error in errors[1:]), errors[0].code or None
    )


class QuickBooksErrorMapper(StatusErrorMapper):
    """Status and Fault code to error type, with messages that say what to do for sign-in and company problems."""

    def __init__(self, sign_in_hint: str, realm_id: str) -> None:
        super().__init__(read_quickbooks_error)
        self.sign_in_hint = sign_in_hint
        self.realm_id = realm_id

    def error_for(self, status: int, message: ServiceMessage, call: CallSite) -> ConnectorError:
        common = {"method": call.method, "path": call.path, "status": status, "code": message.code}
        if status == 401:
            return AuthenticationFailed(
                call.service,
                f"QuickBooks Online refused the access token ({message.message}); {self.sign_in_hint}",
                **common,
            )
        if status == 403:
            return Forbidden(
                call.service,
                f"this sign-in may not use QuickBooks company {self.realm_id} ({message.message}); check realm_id "
                f"in config.toml, or {self.sign_in_hint} and choose that company",
                **common,
            )
        kind = CODE_ERRORS.get(message.code or "")
        if kind is not None:
            return kind(call.service, message.message, problems=message.problems, **common)
        return super().error_for(status, message, call)


_REFERENCE_KINDS = (
    ("TaxCode", ProblemKind.UNKNOWN_TAX),
    ("Account", ProblemKind.UNKNOWN_ACCOUNT),
    ("Item", ProblemKind.UNKNOWN_ITEM),
    ("Customer", ProblemKind.UNKNOWN_CONTACT),
    ("Vendor", ProblemKind.UNKNOWN_CONTACT),
    ("EntityRef", ProblemKind.UNKNOWN_CONTACT),
)


def problem_of(error: QboError) -> PackageProblem:
    """One failed batch item as a classified problem carrying QBO's own text and code."""
    text = f"{error.text} (QuickBooks error {error.code})" if error.code else error.text
    return PackageProblem(kind=_kind_of(error), message=text)


def _kind_of(error: QboError) -> ProblemKind:
    fixed = {"6140": ProblemKind.DUPLICATE_NUMBER, "6240": ProblemKind.DUPLICATE_NAME, "5010": ProblemKind.STALE_OBJECT}
    if error.code in fixed:
        return fixed[error.code]
    if error.code not in ("610", "2500"):
        return ProblemKind.OTHER
    where = error.element.rsplit(".", 1)[-1] if error.element else error.detail
    for marker, kind in _REFERENCE_KINDS:
        if marker in where:
            if error.code == "610" and kind is ProblemKind.UNKNOWN_ACCOUNT:
                return ProblemKind.ARCHIVED_ACCOUNT
            return kind
    return ProblemKind.OTHER
