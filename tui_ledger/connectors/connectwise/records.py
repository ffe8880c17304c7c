"""Reading ConnectWise JSON records into typed values, with an error that names the field and the record.

ConnectWise omits null fields, nests references (`{"id", "identifier", "name", "_info"}`), writes dates as
`2026-01-31T00:00:00Z` and money as JSON numbers (parsed as Decimal by the base client). When a record
breaks that promise the user must learn which record and which field, e.g. "field 'total' of unposted
invoice id 4711: expected an amount, got 'n/a'", not a KeyError from deep inside a parser.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.domain.documents import Reference
from tui_ledger.domain.money import to_money


class RecordReader:
    """One JSON object from a response, read field by field. `label` names it for errors ("unposted invoice")."""

    __slots__ = ("call", "data", "label")

    def __init__(self, data: Any, label: str, call: CallSite) -> None:
        if not isinstance(data, dict):
            raise MalformedResponse(
                call.service,
                f"expected a {label} object, got {type(data).__name__}",
                method=call.method,
                path=call.path,
            )
        self.data: dict[str, Any] = data
        self.label = label
        self.call = call

    @property
    def record(self) -> str:
        """`unposted invoice id 4711`, or just the label when the record has no readable id."""
        identity = self.data.get("id")
        return f"{self.label} id {identity}" if isinstance(identity, int | str) else self.label

    def fail(self, name: str, problem: str) -> MalformedResponse:
        return MalformedResponse(
            self.call.service,
            problem,
            field=name,
            record=self.record,
            method=self.call.method,
            path=self.call.path,
        )

    def _wrong(self, name: str, value: Any, expected: str) -> MalformedResponse:
        if value is None:
            return self.fail(name, "required field is missing")
        return self.fail(name, f"expected {expected}, got {value!r}")

    # Each reader checks the exact type first: ten thousand invoices are half a million fields, and the
    # common case must cost one dictionary look-up and one comparison.

    def integer(self, name: str) -> int:
        value = self.data.get(name)
        if value.__class__ is int:
            return value
        raise self._wrong(name, value, "an integer")

    def optional_integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or value.__class__ is int:
            return value
        raise self._wrong(name, value, "an integer")

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if value.__class__ is str:
            return value
        raise self._wrong(name, value, "text")

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None or value.__class__ is str:
            return value
        raise self._wrong(name, value, "text")

    def money(self, name: str) -> Decimal:
        return self._amount(name, self.data.get(name))

    def optional_money(self, name: str, default: Decimal) -> Decimal:
        value = self.data.get(name)
        return default if value is None else self._amount(name, value)

    def _amount(self, name: str, value: Any) -> Decimal:
        kind = value.__class__
        if (kind is Decimal and value.is_finite()) or kind is int:
            return to_money(value)
        raise self._wrong(name, value, "a finite amount")

    def quantity(self, name: str, default: Decimal) -> Decimal:
        """A quantity keeps its precision (2.5 hours stays 2.5; money is what gets rounded)."""
        value = self.data.get(name)
        if value is None:
            return default
        kind = value.__class__
        if kind is Decimal and value.is_finite():
            return value
        if kind is int:
            return Decimal(value)
        raise self._wrong(name, value, "a number")

    def day(self, name: str) -> date:
        return self._day(name, self.data.get(name))

    def optional_day(self, name: str) -> date | None:
        value = self.data.get(name)
        return None if value is None else self._day(name, value)

    def _day(self, name: str, value: Any) -> date:
        """`2026-01-31T00:00:00Z` or `2026-01-31` → the calendar date ConnectWise shows for it."""
        if value.__class__ is str and len(value) >= 10:
            with suppress(ValueError):
                return date.fromisoformat(value[:10])
        raise self._wrong(name, value, "a date like 2026-01-31T00:00:00Z")

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if value.__class__ is bool:
            return value
        raise self._wrong(name, value, "true or false")

    def nested(self, name: str) -> dict[str, Any] | None:
        value = self.data.get(name)
        if value is None or value.__class__ is dict:
            return value
        raise self._wrong(name, value, "an object")

    def reference(self, name: str) -> Reference:
        found = self.optional_reference(name)
        if found is None:
            raise self.fail(name, "required reference is missing")
        return found

    def optional_reference(self, name: str) -> Reference | None:
        value = self.nested(name)
        if value is None:
            return None
        identity = value.get("id")
        identifier = value.get("identifier")
        label = value.get("name")
        if identity is not None and identity.__class__ is not int:
            raise self._wrong(f"{name}/id", identity, "an integer")
        if identifier is not None and identifier.__class__ is not str:
            raise self._wrong(f"{name}/identifier", identifier, "text")
        if label is not None and label.__class__ is not str:
            raise self._wrong(f"{name}/name", label, "text")
        return Reference(id=identity, identifier=identifier, name=label)

    def reference_text(self, name: str, *keys: str) -> str | None:
        """The first present text among `keys` of a nested reference, e.g. a currency's `currencyCode`."""
        value = self.nested(name)
        if value is None:
            return None
        for key in keys:
            text = value.get(key)
            if text.__class__ is str and text:
                return text
        return None

    def id_list(self, name: str) -> tuple[int, ...]:
        """GL entry ids: a comma-separated string (`"1010,1011"`), a list of integers, or absent."""
        value = self.data.get(name)
        if value is None or value == "":
            return ()
        ids: tuple[int, ...] | None = None
        if value.__class__ is str:
            try:
                ids = tuple(int(part) for part in value.split(","))
            except ValueError:
                ids = None
        elif value.__class__ is list and all(item.__class__ is int for item in value):
            ids = tuple(value)
        if ids is None or any(entry <= 0 for entry in ids):
            raise self._wrong(name, value, "comma-separated ids like '1010,1011'")
        return ids
