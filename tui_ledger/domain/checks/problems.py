"""What a check reports: a typed problem, where it is fixed, and whether it stops the export.

Seed 004 groups invalid documents by the kind of error and tells the user where each is fixed: in
ConnectWise (the document or its GL mapping), in the accounting package (accounts, tax rates, documents
already there) or in the export Settings. Every problem therefore names its kind, the document and value at
fault, and one place with a short instruction. Problems that do not block (warnings) travel with Ready
documents so the user still sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FixPlace(StrEnum):
    CONNECTWISE = "connectwise"
    PACKAGE = "package"
    SETTINGS = "settings"


class Resolution(StrEnum):
    """What the user may do about a document already in the package with different content (DESIGN.md §5)."""

    LINK = "link"
    """Treat the package's copy as this document's and mark it batched."""
    UPDATE = "update"
    """Overwrite the package's copy with this document."""
    SKIP = "skip"
    """Leave both alone; the document stays unposted."""


class CheckKind(StrEnum):
    """Every kind of problem, in the order the Errors pane lists its groups."""

    MISSING_GL_ACCOUNT = "missing_gl_account"
    NO_GL_ENTRIES = "no_gl_entries"
    ACCOUNT_MISSING = "account_missing"
    ACCOUNT_ARCHIVED = "account_archived"
    PAYMENT_ACCOUNT_NOT_ALLOWED = "payment_account_not_allowed"
    TAX_CODE_MISSING = "tax_code_missing"
    TAX_NOT_ALLOWED = "tax_not_allowed"
    MISSING_BILLING_CONTACT = "missing_billing_contact"
    CUSTOMER_MISSING = "customer_missing"
    SUPPLIER_MISSING = "supplier_missing"
    CONTACT_ARCHIVED = "contact_archived"
    NAME_COLLISION = "name_collision"
    ITEM_MISSING = "item_missing"
    ITEM_INACTIVE = "item_inactive"
    ALREADY_IN_PACKAGE = "already_in_package"
    CURRENCY_MISMATCH = "currency_mismatch"
    PARTY_CURRENCY = "party_currency"
    LINES_DO_NOT_ADD_UP = "lines_do_not_add_up"
    DATE_LOCKED = "date_locked"
    NUMBER_TOO_LONG = "number_too_long"
    UNSUPPORTED_DOCUMENT = "unsupported_document"
    EXPENSE_SENT_AS_BILL = "expense_sent_as_bill"

    def title(self, package: str) -> str:
        """The group heading of the Errors pane, e.g. "Account missing in Xero"."""
        return _TITLES[self].format(package=package)

    @property
    def order(self) -> int:
        return _ORDER[self]


_TITLES = {
    CheckKind.MISSING_GL_ACCOUNT: "Missing GL account mapping",
    CheckKind.NO_GL_ENTRIES: "No GL entries",
    CheckKind.ACCOUNT_MISSING: "Account missing in {package}",
    CheckKind.ACCOUNT_ARCHIVED: "Account archived in {package}",
    CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED: "Purchase paid from an account {package} refuses",
    CheckKind.TAX_CODE_MISSING: "Tax code missing in {package}",
    CheckKind.TAX_NOT_ALLOWED: "Tax code not allowed with the account",
    CheckKind.MISSING_BILLING_CONTACT: "Missing billing contact",
    CheckKind.CUSTOMER_MISSING: "Customer missing in {package}",
    CheckKind.SUPPLIER_MISSING: "Supplier missing in {package}",
    CheckKind.CONTACT_ARCHIVED: "Contact archived in {package}",
    CheckKind.NAME_COLLISION: "Name collision",
    CheckKind.ITEM_MISSING: "Item missing in {package}",
    CheckKind.ITEM_INACTIVE: "Item inactive in {package}",
    CheckKind.ALREADY_IN_PACKAGE: "Already in {package}",
    CheckKind.CURRENCY_MISMATCH: "Currency mismatch",
    CheckKind.PARTY_CURRENCY: "Customer or supplier in another currency",
    CheckKind.LINES_DO_NOT_ADD_UP: "Lines do not add up to the total",
    CheckKind.DATE_LOCKED: "Dated on or before the lock date",
    CheckKind.NUMBER_TOO_LONG: "Number too long for {package}",
    CheckKind.UNSUPPORTED_DOCUMENT: "Not supported by {package}",
    CheckKind.EXPENSE_SENT_AS_BILL: "Expense sent as a bill",
}
_ORDER = {kind: position for position, kind in enumerate(CheckKind)}


@dataclass(frozen=True, slots=True)
class Fix:
    """Where a problem is fixed: `where` is the place as the user knows it ("ConnectWise", "Xero", "Settings")."""

    place: FixPlace
    where: str
    instruction: str

    def __str__(self) -> str:
        return f"{self.where}: {self.instruction}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one document. `value` is the value at fault (an account code, a name, a number)."""

    kind: CheckKind
    message: str
    fix: Fix
    blocking: bool = True
    value: str | None = None
    choices: tuple[Resolution, ...] = ()
    """The resolutions offered (documents already in the package); empty when the fix lies elsewhere."""
