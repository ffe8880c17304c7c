"""The export settings a plan reads, as a structural type.

The domain may not depend on the config layer (pydantic, files), yet plans must follow the profile's
`[export]` table. `ExportOptions` names exactly the attributes read here; the config's `ExportSettings`
satisfies it as it stands, and tests can pass a plain dataclass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

ExpenseRoute = Literal["bills", "purchases"]


class ExportOptions(Protocol):
    """Read-only view of `ExportSettings` (tui_ledger/config/profile.py)."""

    @property
    def invoice_prefix(self) -> str: ...

    @property
    def invoice_suffix(self) -> str: ...

    @property
    def create_missing_contacts(self) -> bool: ...

    @property
    def create_missing_items(self) -> bool: ...

    @property
    def split_returns_as_credit_notes(self) -> bool: ...

    @property
    def expenses_as(self) -> ExpenseRoute: ...

    @property
    def down_payment_product(self) -> str: ...

    @property
    def default_sales_item(self) -> str: ...

    @property
    def sales_items_by_account(self) -> Mapping[str, str]: ...


@dataclass(frozen=True, slots=True)
class PlainExportOptions:
    """The defaults of `ExportSettings`, as a plain value for callers that have no profile (tests, benches)."""

    invoice_prefix: str = ""
    invoice_suffix: str = ""
    create_missing_contacts: bool = True
    create_missing_items: bool = False
    split_returns_as_credit_notes: bool = True
    expenses_as: ExpenseRoute = "bills"
    down_payment_product: str = "Down Payment"
    default_sales_item: str = "Services"
    sales_items_by_account: Mapping[str, str] = field(default_factory=dict)
