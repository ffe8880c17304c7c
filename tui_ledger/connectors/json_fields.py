"""Typed reads of one JSON object of a platform's answer, where a wrong field is an error saying where it is.

AppXite rows and Pax8 invoice items are both read field by field into the one invoice-line model, and both need
the same reads (optional and required text, an exact number, a date) failing the same way: a `MalformedResponse`
that names the service, the record, the field and the call. The dialects differ only in how a field is found
(AppXite's names are case-insensitive and may carry a `Utc` suffix, Pax8's are exact) and in whether a number may
stand for text (AppXite writes some ids as numbers); a subclass says so by overriding `raw` or `numbers_as_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from tui_ledger.connectors.errors import MalformedResponse


class JsonFields:
    """Reads typed fields from one JSON object, read by GET from `path`; `label` names the object in errors."""

    numbers_as_text: ClassVar[bool] = False
    """Whether a JSON integer is read as its digits where text is expected."""

    def __init__(self, service: str, body: Mapping[str, Any], label: str, path: str) -> None:
        self.service = service
        self.body = body
        self.label = label
        self.path = path

    def error(self, field: str, message: str) -> MalformedResponse:
        return MalformedResponse(self.service, message, field=field, record=self.label, method="GET", path=self.path)

    def raw(self, field: str) -> Any:
        """The value as the JSON holds it, None when absent."""
        return self.body.get(field)

    def text(self, field: str) -> str | None:
        """Trimmed text; None when absent or blank."""
        value = self.raw(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        readable = str | int if self.numbers_as_text else str
        if isinstance(value, bool) or not isinstance(value, readable):
            raise self.error(field, f"expected text, got {value!r}")
        return str(value).strip()

    def required_text(self, field: str) -> str:
        value = self.text(field)
        if value is None:
            raise self.error(field, "a required field is missing")
        return value

    def number(self, field: str) -> Decimal:
        """An exact number (the client parses JSON numbers to Decimal); a float or text is an error."""
        value = self.raw(field)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.error(field, f"expected a number, got {value!r}")
        return Decimal(value)

    def day(self, field: str) -> date | None:
        """A date from `yyyy-MM-dd` or an ISO date-time starting with one; None when absent."""
        value = self.text(field)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise self.error(field, f"expected a yyyy-MM-dd date, got {value!r}") from None
