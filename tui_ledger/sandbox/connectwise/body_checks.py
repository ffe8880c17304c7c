"""Reading the fields of a write request (POST/PUT/PATCH) the way ConnectWise validates them.

Each reader either returns the value in the form the sandbox stores, or raises the 400 a client of the real
service meets: `InvalidObject` with one item naming the field — `MissingRequiredField` when a required field
is absent, `InvalidField` when its value has the wrong type, length or choice. Request bodies are screened
for control characters once, as they arrive (`screened_body`), not again by every reader.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tui_ledger.sandbox.connectwise.errors import CwError, invalid
from tui_ledger.sandbox.connectwise.jsonout import has_control_characters
from tui_ledger.sandbox.connectwise.records import cw_date

Body = dict[str, Any]


class BodyReader:
    """The JSON object of one request about `resource` (e.g. "agreement", "addition")."""

    def __init__(self, body: Any, resource: str) -> None:
        if not isinstance(body, dict):
            raise invalid(resource, "The request body must be a JSON object.")
        self.body: Body = body
        self.resource = resource

    def missing(self, field: str) -> CwError:
        return invalid(self.resource, f"{field} is required.", code="MissingRequiredField", field=field)

    def wrong(self, field: str, message: str) -> CwError:
        return invalid(self.resource, message, code="InvalidField", field=field)

    def has(self, field: str) -> bool:
        return self.body.get(field) is not None

    def text(self, field: str, max_length: int, *, required: bool = False) -> str | None:
        value = self.body.get(field)
        if value is None or (required and value == ""):
            if required:
                raise self.missing(field)
            return None
        if not isinstance(value, str):
            raise self.wrong(field, f"{field} must be text.")
        if len(value) > max_length:
            raise self.wrong(field, f"{field} is longer than {max_length} characters.")
        return value

    def reference_id(self, field: str, *, required: bool = False) -> int | None:
        """The `id` of a reference object such as `{"id": 250}`."""
        value = self.body.get(field)
        if value is None:
            if required:
                raise self.missing(field)
            return None
        identity = value.get("id") if isinstance(value, dict) else None
        if identity is None and required:
            raise self.missing(f"{field}/id")
        if identity is not None and (not isinstance(identity, int) or isinstance(identity, bool)):
            raise self.wrong(field, f"{field}/id must be a whole number.")
        return identity

    def number(self, field: str) -> Decimal | None:
        value = self.body.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.wrong(field, f"{field} must be a number.")
        number = Decimal(value)
        if not number.is_finite():
            raise self.wrong(field, f"{field} must be a finite number.")
        return number

    def flag(self, field: str) -> bool | None:
        value = self.body.get(field)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.wrong(field, f"{field} must be true or false.")
        return value

    def choice(self, field: str, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.body.get(field)
        if value is None:
            if required:
                raise self.missing(field)
            return None
        if value not in choices:
            raise self.wrong(field, f"{field} must be one of {', '.join(choices)}, not {value!r}.")
        return str(value)

    def moment(self, field: str) -> datetime | None:
        """A ConnectWise date-time (`2026-05-01T00:00:00Z`; a bare date is read as midnight UTC)."""
        value = self.body.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.wrong(field, f"{field} must be a date like 2026-05-01T00:00:00Z.")
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.wrong(field, f"{field} must be a date like 2026-05-01T00:00:00Z, not {value!r}.") from None
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def screened_body(payload: Any, resource: str) -> Any:
    """A parsed request body, refused when any text in it holds a control character (they never get stored)."""
    if has_control_characters(payload):
        raise invalid(resource, "Text fields must not contain control characters.")
    return payload


def stamp(moment: datetime | None) -> str | None:
    """A date-time as ConnectWise writes it, to the second in UTC."""
    if moment is None:
        return None
    return cw_date(moment.astimezone(UTC).replace(tzinfo=None, microsecond=0))


def without_nulls(body: Body) -> Body:
    """ConnectWise leaves out fields that have no value (the spec's strings are not nullable)."""
    return {key: value for key, value in body.items() if value is not None}
