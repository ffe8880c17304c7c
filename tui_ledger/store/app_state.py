"""Small facts the desk remembers between sessions (last filter, last screen, column widths), as JSON by key.

Keys are namespaced by the area that owns them (`export.last_filter`), so areas never collide. Not for
secrets (those go to the token file) and not for anything with its own table.
"""

from __future__ import annotations

from typing import Any

from tui_ledger.store.codec import json_from_text, json_text
from tui_ledger.store.database import Database


class AppState:
    """The `app_state` key/value table."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, key: str, default: Any = None) -> Any:
        row = self.database.query_one("SELECT value FROM app_state WHERE key = ?", (key,))
        return json_from_text(row["value"]) if row else default

    def set(self, key: str, value: Any) -> None:
        """Store any JSON-able value (Decimals and dates are kept as strings)."""
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json_text(value)),
            )

    def delete(self, key: str) -> bool:
        with self.database.transaction() as connection:
            return connection.execute("DELETE FROM app_state WHERE key = ?", (key,)).rowcount > 0

    def keys(self, prefix: str = "") -> list[str]:
        """The stored keys starting with `prefix`, sorted."""
        rows = self.database.query(
            "SELECT key FROM app_state WHERE substr(key, 1, ?) = ? ORDER BY key", (len(prefix), prefix)
        )
        return [row["key"] for row in rows]
