"""The agreement a "create new" line was posted into, shown on the line after the sync — and taken off by undo.

Seed 003 lets a line leave its PSA Agreement empty: the sync then posts it to a new agreement of the default
Agreement Type. Once synced, the grid must say which agreement that was (its name and id), or the user cannot
find the Addition in ConnectWise. The line keeps `psa_agreement_new` (what the user chose, and what the line
returns to when the run is undone) and gains the agreement's id and name beside it. Undo clears them again:
the agreement the line shows is the one the run created, and the one undo removes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from tui_ledger.store.database import Database
from tui_ledger.store.line_loader import LoadedPeriod


class NewAgreementLines:
    """Writes and clears the created agreement on the period's "create new" lines."""

    def __init__(self, database: Database, loaded: LoadedPeriod) -> None:
        self._database = database
        self._table = loaded.shard.lines

    def show(self, key: int, agreement_id: int, name: str) -> None:
        """The line was synced into this agreement (call inside the transaction that records its outcome)."""
        with self._database.transaction() as connection:
            connection.execute(
                f"UPDATE {self._table} SET psa_agreement_id = ?, psa_agreement_name = ? "
                "WHERE id = ? AND psa_agreement_new",
                (agreement_id, name, key),
            )

    def forget(self, keys: Iterable[int]) -> None:
        """These lines are Not Synced again: their "create new" choice stands, with no agreement yet."""
        with self._database.transaction() as connection:
            connection.execute(
                f"UPDATE {self._table} SET psa_agreement_id = 0, psa_agreement_name = '' "
                "WHERE id IN (SELECT value FROM json_each(?)) AND psa_agreement_new",
                (json.dumps(sorted(set(keys))),),
            )
