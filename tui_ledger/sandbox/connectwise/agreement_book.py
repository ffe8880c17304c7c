"""Agreements and their additions as the API sees them: the seeded agreements with every write laid over them.

The ledger holds the seeded world; `WritesStore` holds what clients wrote since. `AgreementBook` merges the
two in memory (a sync reads and writes thousands of additions; none of that may touch SQLite to read) and
applies each write to SQLite first, then to memory, so a refused or failed write changes neither. One book
belongs to one ledger; it rebuilds itself when the ledger reloads (a re-seed) or another connection wrote to
the writes file.

Rules the real service enforces and the book keeps: additions belong to an existing agreement (404 when the
parent is unknown); a cancelled agreement takes no new additions; an agreement is deleted only when it holds
no additions and no invoice refers to it (otherwise 400, so history is never orphaned).
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from tui_ledger.sandbox.connectwise.addition_rules import AdditionRules
from tui_ledger.sandbox.connectwise.agreement_rules import AgreementRules
from tui_ledger.sandbox.connectwise.body_checks import Body
from tui_ledger.sandbox.connectwise.errors import invalid, not_found
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.connectwise.writes_store import WritesStore, writes_path

AGREEMENT = "Agreement"
ADDITION = "Addition"
AGREEMENT_COUNTER = "agreement"


class AgreementBook:
    """The agreements and additions of one sandbox ledger, readable and writable."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._store = WritesStore(writes_path(ledger.store.path.parent))
        self._loaded_company: object = None
        self._loaded_version = -1
        self.refresh()

    # -- loading

    def refresh(self) -> None:
        """Rebuild after a re-seed (the ledger loaded another company) or a write by another connection."""
        version = self._store.data_version()
        if self._ledger.company is self._loaded_company and version == self._loaded_version:
            return
        written = self._store.load()
        seeded = self._ledger.resources["agreements"]
        self._agreements: dict[int, Body] = dict(seeded)
        for agreement_id, body in written.agreements.items():
            if body is None:
                self._agreements.pop(agreement_id, None)
            else:
                self._agreements[agreement_id] = body
        self._additions: dict[int, Body] = {}
        self._additions_of: dict[int, dict[int, None]] = {}
        for addition_id, (agreement_id, body) in written.additions.items():
            self._additions[addition_id] = body
            self._additions_of.setdefault(agreement_id, {})[addition_id] = None
        self._last_agreement_id = max([*seeded, written.last_ids.get(AGREEMENT_COUNTER, 0), *self._agreements])
        self._last_addition_id = max([written.last_ids.get("addition", 0), *self._additions])
        self._invoiced = {invoice.agreement_id for invoice in self._ledger.company.invoices if invoice.agreement_id}
        self._agreement_rules = AgreementRules(self._ledger)
        self._addition_rules = AdditionRules(self._ledger)
        self._loaded_company = self._ledger.company
        self._loaded_version = version

    # -- agreements

    def agreements(self) -> list[Body]:
        return [self._agreements[agreement_id] for agreement_id in sorted(self._agreements)]

    def agreement(self, agreement_id: int) -> Body:
        body = self._agreements.get(agreement_id)
        if body is None:
            raise not_found(AGREEMENT, agreement_id)
        return body

    def create_agreement(self, request: Any, now: datetime) -> Body:
        agreement_id = self._last_agreement_id + 1
        body = self._agreement_rules.created(request, agreement_id, now)
        self._store.save_agreement(agreement_id, body, counter=AGREEMENT_COUNTER)
        self._last_agreement_id = agreement_id
        return self._keep_agreement(body)

    def replace_agreement(self, agreement_id: int, request: Any, now: datetime) -> Body:
        body = self._agreement_rules.replaced(request, self.agreement(agreement_id), now)
        self._store.save_agreement(agreement_id, body)
        return self._keep_agreement(body)

    def patch_agreement(self, agreement_id: int, operations: Any, now: datetime) -> Body:
        body = self._agreement_rules.patched(operations, self.agreement(agreement_id), now)
        self._store.save_agreement(agreement_id, body)
        return self._keep_agreement(body)

    def delete_agreement(self, agreement_id: int) -> None:
        self.agreement(agreement_id)
        if self._additions_of.get(agreement_id):
            raise invalid(
                "agreement",
                f"Agreement {agreement_id} has additions; delete or cancel them first, or cancel the agreement.",
                code="InUse",
            )
        if agreement_id in self._invoiced:
            raise invalid("agreement", f"Agreement {agreement_id} has been invoiced; cancel it instead.", code="InUse")
        if agreement_id in self._ledger.resources["agreements"]:
            self._store.save_agreement(agreement_id, None)
        else:
            self._store.forget_agreement(agreement_id)
        del self._agreements[agreement_id]
        self._changed()

    def _keep_agreement(self, body: Body) -> Body:
        self._agreements[body["id"]] = body
        self._changed()
        return body

    # -- additions

    def additions(self, agreement_id: int) -> list[Body]:
        self.agreement(agreement_id)
        return [self._additions[addition_id] for addition_id in self._additions_of.get(agreement_id, {})]

    def addition(self, agreement_id: int, addition_id: int) -> Body:
        if addition_id not in self._additions_of.get(agreement_id, {}):
            self.agreement(agreement_id)
            raise not_found(ADDITION, addition_id)
        return self._additions[addition_id]

    def create_addition(self, agreement_id: int, request: Any, now: datetime) -> Body:
        agreement = self.agreement(agreement_id)
        if agreement.get("cancelledFlag"):
            raise invalid("addition", f"Agreement {agreement_id} is cancelled and takes no new additions.")
        addition_id = self._last_addition_id + 1
        sequence = len(self._additions_of.get(agreement_id, {})) + 1
        body = self._addition_rules.created(request, addition_id, agreement, sequence, now)
        self._store.save_addition(addition_id, agreement_id, body, new=True)
        self._last_addition_id = addition_id
        return self._keep_addition(agreement_id, body)

    def replace_addition(self, agreement_id: int, addition_id: int, request: Any, now: datetime) -> Body:
        current = self.addition(agreement_id, addition_id)
        body = self._addition_rules.replaced(request, current, self.agreement(agreement_id), now)
        self._store.save_addition(addition_id, agreement_id, body)
        return self._keep_addition(agreement_id, body)

    def patch_addition(self, agreement_id: int, addition_id: int, operations: Any, now: datetime) -> Body:
        current = self.addition(agreement_id, addition_id)
        body = self._addition_rules.patched(operations, current, self.agreement(agreement_id), now)
        self._store.save_addition(addition_id, agreement_id, body)
        return self._keep_addition(agreement_id, body)

    def delete_addition(self, agreement_id: int, addition_id: int) -> None:
        self.addition(agreement_id, addition_id)
        self._store.delete_addition(addition_id)
        del self._additions[addition_id]
        del self._additions_of[agreement_id][addition_id]
        self._changed()

    def _keep_addition(self, agreement_id: int, body: Body) -> Body:
        self._additions[body["id"]] = body
        self._additions_of.setdefault(agreement_id, {})[body["id"]] = None
        self._changed()
        return body

    def _changed(self) -> None:
        """Lists the ledger remembers (filtered pages) must be filtered afresh after a write."""
        self._ledger.generation += 1
        self._ledger.selections.clear()


_BOOKS: weakref.WeakKeyDictionary[Ledger, AgreementBook] = weakref.WeakKeyDictionary()


def book_of(ledger: Ledger) -> AgreementBook:
    """The book of this ledger (one per ledger, made on first use), brought up to date."""
    book = _BOOKS.get(ledger)
    if book is None:
        book = _BOOKS[ledger] = AgreementBook(ledger)
    else:
        book.refresh()
    return book
