"""What every entity rule needs: the realm, the store, today's date, and reference checks with QBO's errors.

A reference (`{"value": "12", "name": "..."}`) to something missing is 2500 Invalid Reference Id; to something
inactive (an archived account, a deactivated customer) it is 610 Object Not Found with QBO's "made inactive" text.
That second answer is what an export meets when the chart of accounts has moved on, so the sandbox seeds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.quickbooks.faults import (
    business_validation,
    invalid_reference,
    object_not_found,
    required_param_missing,
)
from tui_ledger.sandbox.quickbooks.store import QboStore, Realm, StoredEntity

CENT = Decimal("0.01")
NAME_COLON_DETAIL = "The name can't contain a colon (:)."


@dataclass(frozen=True, slots=True)
class RuleContext:
    store: QboStore
    realm: Realm
    clock: Clock

    @property
    def realm_id(self) -> str:
        return self.realm.realm_id

    def today(self) -> date:
        return self.clock.now().date()

    def require(self, body: Mapping[str, Any], element: str, kinds: tuple[str, ...], path: str = "") -> StoredEntity:
        """The live entity `body[element]` points at, or the Fault QBO answers for a missing or inactive one."""
        entity = self.optional(body, element, kinds, path)
        if entity is None:
            raise required_param_missing(_where(element, path))
        return entity

    def optional(
        self, body: Mapping[str, Any], element: str, kinds: tuple[str, ...], path: str = ""
    ) -> StoredEntity | None:
        """As `require`, but an absent reference is fine (None)."""
        where = _where(element, path)
        reference = body.get(element)
        if reference is None:
            return None
        value = str(reference.get("value") or "") if isinstance(reference, Mapping) else ""
        if not value:
            raise required_param_missing(f"{where}.value")
        for kind in kinds:
            entity = self.store.get(self.realm_id, kind, value)
            if entity is not None and not entity.deleted:
                if not entity.active:
                    raise object_not_found(where)
                return entity
        raise invalid_reference(kinds[0], value, where)


def _where(element: str, path: str) -> str:
    return f"{path}.{element}" if path else element


def reference_to(entity: StoredEntity, name_field: str = "DisplayName") -> dict[str, str]:
    """A reference as QBO returns it: the Id in `value`, the display name in `name`."""
    name = entity.body.get(name_field) or entity.body.get("Name") or ""
    return {"value": entity.id, "name": str(name)}


def money(value: Any, where: str) -> Decimal:
    """An amount from a JSON body (Decimal or int after Decimal parsing), rounded to the cent."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise business_validation(f"{where} must be a number", where)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise business_validation(f"{where} must be a number", where) from None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def check_name(name: str, element: str, max_length: int = 100) -> str:
    """Names in QBO lists: required, at most `max_length` characters, no colon (it separates sub-levels)."""
    name = name.strip()
    if not name:
        raise required_param_missing(element)
    if ":" in name:
        raise business_validation(NAME_COLON_DETAIL, element)
    if len(name) > max_length:
        raise business_validation(
            f"String length is either shorter or longer than supported by specification. "
            f"Min:1 Max:{max_length} supplied:{len(name)}",
            element,
        )
    return name
