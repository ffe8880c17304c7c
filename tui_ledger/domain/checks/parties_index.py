"""The PSA parties of one run, indexed by name, to catch two different parties sharing one name.

A package keeps contact names unique (Xero among active contacts; QuickBooks across customers, vendors and
employees together), so two ConnectWise companies both called "Acme Ltd" cannot both become contacts named
so. That is only visible across the whole run, hence this index, built once from every retrieved document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui_ledger.domain.accounting import PartyRole
from tui_ledger.domain.checks.snapshot import name_key
from tui_ledger.domain.documents import Document, Reference, UnpostedInvoice
from tui_ledger.domain.plans.parties import party_key, party_name


def party_of(document: Document) -> tuple[PartyRole, Reference]:
    """The party a document is addressed to: the invoiced company, or the vendor or member owed."""
    role = PartyRole.CUSTOMER if isinstance(document, UnpostedInvoice) else PartyRole.SUPPLIER
    return role, document.counterparty


@dataclass(frozen=True, slots=True)
class RunParties:
    """Name → the distinct parties (`role:key`) using it. One namespace for all roles where the package has one."""

    by_name: dict[str, frozenset[str]]
    one_namespace: bool

    @classmethod
    def of(cls, documents: Iterable[Document], *, suppliers_separate_from_customers: bool) -> RunParties:
        names: dict[str, set[str]] = {}
        for document in documents:
            role, reference = party_of(document)
            name = name_key(party_name(reference))
            key = party_key(reference)
            if name and key:
                names.setdefault(cls._slot(role, name, suppliers_separate_from_customers), set()).add(
                    f"{role.value}:{key}"
                )
        return cls(
            by_name={slot: frozenset(keys) for slot, keys in names.items() if len(keys) > 1},
            one_namespace=suppliers_separate_from_customers,
        )

    @staticmethod
    def _slot(role: PartyRole, name: str, one_namespace: bool) -> str:
        return name if one_namespace else f"{role.value}:{name}"

    def others_named_like(self, role: PartyRole, reference: Reference) -> tuple[str, ...]:
        """The other parties (`role:key`) of this run with the same name, sorted; empty when none."""
        keys = self.by_name.get(self._slot(role, name_key(party_name(reference)), self.one_namespace))
        if not keys:
            return ()
        own = f"{role.value}:{party_key(reference)}"
        return tuple(sorted(key for key in keys if key != own))
